-- The submission of the staged workbook (dw.report_input_submission). The current submission of the same unit and
-- period, if there is one, is replaced by it: it gets replaced_by and replaced_at and stays, with its values.
-- Two workbooks of one unit and period loading at the same time take turns (the lock), each replacing the one before.
SELECT pg_advisory_xact_lock(hashtext('report_input ' || ma_don_vi || ' ' || ky_bao_cao))
FROM (SELECT DISTINCT ma_don_vi, ky_bao_cao FROM stg_report_input) s;

WITH workbook AS (
    SELECT max(ma_don_vi) AS unit_code, max(ky_bao_cao) AS period_code, max(phien_ban) AS template_version,
           max(value_text) FILTER (WHERE phan = 'thong_tin' AND ma = 'nguoi_lap') AS prepared_by,
           max(value_date) FILTER (WHERE phan = 'thong_tin' AND ma = 'ngay_lap') AS prepared_on
    FROM stg_report_input
), submission AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('dw.report_input_submission', 'submission_id')) AS submission_id
), replaced AS (
    UPDATE dw.report_input_submission earlier
    SET replaced_by = submission.submission_id, replaced_at = now()
    FROM workbook, submission
    WHERE earlier.unit_code = workbook.unit_code AND earlier.period_code = workbook.period_code
      AND earlier.replaced_by IS NULL
    RETURNING earlier.submission_id
)
INSERT INTO dw.report_input_submission (submission_id, unit_code, period_code, template_version, file_id, load_id,
                                        prepared_by, prepared_on)
SELECT submission.submission_id, workbook.unit_code, workbook.period_code, workbook.template_version, %(file_id)s,
       %(load_id)s, workbook.prepared_by, workbook.prepared_on
FROM workbook, submission
-- The earlier submission must leave the unique index of current ones (replaced_by IS NULL) before this one enters
-- it: this one-time filter runs the UPDATE above to its end before a row is inserted. (Its replaced_by names a row
-- inserted by the same statement: foreign keys are checked at the statement's end.)
WHERE (SELECT count(*) FROM replaced) >= 0;
