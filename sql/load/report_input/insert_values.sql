-- The filled items of the workbook (dw.fact_report_input); an item left empty has no row. carried: pre-filled
-- from the previous period (marked "Lấy từ kỳ trước — cần kiểm tra") and left as the unit's current workbook of
-- that period has it; a pre-filled value the unit changed is its own.
INSERT INTO dw.fact_report_input (submission_id, item_code, value_number, value_text, carried)
SELECT submission.submission_id, s.ma, s.value_number, s.value_text,
       s.carried AND EXISTS (
           SELECT 1 FROM dw.report_input_current previous
           WHERE previous.unit_code = s.ma_don_vi AND previous.period_code = s.ky_truoc AND previous.item_code = s.ma
             AND previous.value_number IS NOT DISTINCT FROM s.value_number
             AND previous.value_text IS NOT DISTINCT FROM s.value_text)
FROM stg_report_input s
JOIN dw.report_input_submission submission ON submission.load_id = %(load_id)s
WHERE s.phan = 'so_lieu' AND (s.value_number IS NOT NULL OR s.value_text IS NOT NULL);
