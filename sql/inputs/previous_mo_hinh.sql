-- The rows of the list mo_hinh (sheet "Mô hình") of the unit's current workbook of the previous period; the new
-- workbook keeps their carry columns (etl/inputs/prefill.py). One such file per list that has carry columns.
-- Named by the workbook's column codes (config/report_inputs.yaml), which the template writes back.
SELECT i.name AS ten, i.year_applied AS nam_ap_dung, i.result AS ket_qua
FROM dw.report_initiative i
JOIN dw.report_input_submission s USING (submission_id)
WHERE s.unit_code = %(unit_code)s AND s.period_code = %(period_code)s AND s.replaced_by IS NULL
ORDER BY i.line_no;
