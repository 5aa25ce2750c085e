-- The inspections a unit's workbook lists (sheet "Kiểm tra"), in the order of the sheet.
SELECT inspected, inspected_on, findings, remedied
FROM dw.report_inspection
WHERE submission_id = %(submission_id)s
ORDER BY line_no;
