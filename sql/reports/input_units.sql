-- The units whose fill-in workbooks (Phiếu số liệu báo cáo CCHC, dw.report_input_submission) a report reads:
-- the reported unit and every unit below it, as its dossiers are counted (mart.unit_rollup in the report's
-- reading, like sql/reports/scope_codes.sql), each with its current workbook of the period when it sent one.
--   own: the reported unit itself;
--   asked: a listed (not inferred) unit below it whose version in force on the period's last day is in the
--     scope: the units expected to send a workbook. A unit below that sent one without being asked (it ended
--     during the period) is listed too, so that what it stated is counted.
-- Names are those of the version in force on the last day, else the latest.
WITH version AS (
    SELECT DISTINCT u.unit_key, u.unit_code, u.is_inferred, u.valid_from, u.valid_to
    FROM mart.unit_rollup r
    JOIN dw.dim_unit u USING (unit_key)
    WHERE r.restated = %(restated)s AND r.ancestor_unit_code = %(unit_code)s
),
asked AS (
    SELECT DISTINCT unit_code
    FROM version
    WHERE unit_code <> %(unit_code)s AND NOT is_inferred
      AND %(last_day)s::date >= valid_from AND %(last_day)s::date < valid_to
),
named AS (
    SELECT DISTINCT ON (u.unit_code) u.unit_code, u.name, u.kind
    FROM dw.dim_unit u
    WHERE u.unit_code IN (SELECT unit_code FROM version)
    ORDER BY u.unit_code, (%(last_day)s::date >= u.valid_from AND %(last_day)s::date < u.valid_to) DESC,
             u.valid_from DESC
)
SELECT n.unit_code, n.name, n.kind,
       n.unit_code = %(unit_code)s AS own,
       a.unit_code IS NOT NULL AS asked,
       s.submission_id, s.prepared_by, s.prepared_on,
       (s.loaded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS loaded_on
FROM named n
LEFT JOIN asked a USING (unit_code)
LEFT JOIN dw.report_input_submission s
       ON s.unit_code = n.unit_code AND s.period_code = %(period_code)s AND s.replaced_by IS NULL
WHERE n.unit_code = %(unit_code)s OR a.unit_code IS NOT NULL OR s.submission_id IS NOT NULL
ORDER BY own DESC, n.unit_code;
