-- What does not reconcile for a unit (with every unit below it) and period, as (kind, detail, subject, count);
-- etl.reports.data.quality_notes words each row (etl/reports/quality_rules.py), never showing the codes:
--   cach_ly: rows set aside at load (audit.quarantine) naming a unit of the scope and received in the period,
--     whose record is not in dw today (a later file did not bring it back), by rule (detail) and by what the
--     rows are (subject: ho_so, or pakn for rows of a PAKN format, %(petition_formats)s); each record once
--     per rule, however many times it was sent;
--   cach_ly_khong_ro_ngay: such records without a readable receipt day (the period cannot be told), by subject;
--   khong_co_han: new dossiers of the period without a due date (counted as on time: no deadline);
--   tthc_suy_ra: new dossiers of procedures missing from the catalogue (inferred members);
--   truc_tuyen_khong_dvctt: new dossiers received online (channel 2) of a procedure whose catalogue version in
--     force on the day of receipt offers no online service (fact_dossier.online_level_at_receipt = khong);
--   thanh_toan_khong_phi: new dossiers paid online that have no fee: none in the dossier (has_fee false) or
--     none in the catalogue version in force on the day of receipt (dim_procedure.co_phi false);
--   don_vi_khong_ro_cap_tren: new dossiers, anywhere, of units with no known parent other than the
--     top of the tree (inferred units): they are not in any district's or province's totals.
-- (Results returned by post by a unit without a BCCI contract are not checked: the warehouse holds no contracts.)
WITH scope AS (
    SELECT DISTINCT unit_key FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s
),
scope_code AS (
    SELECT DISTINCT u.unit_code FROM dw.dim_unit u JOIN scope USING (unit_key)
),
bounds AS (
    SELECT to_char(%(first_day)s::date, 'YYYYMMDD') AS first_day, to_char(%(last_day)s::date, 'YYYYMMDD') AS last_day
),
quarantined AS (
    SELECT q.rule, q.quarantine_id, q.record_key,
           CASE WHEN lf.format = ANY(%(petition_formats)s::text[]) THEN 'pakn' ELSE 'ho_so' END AS subject,
           CASE  -- the day of receipt as the load would have read it: NgayTiepNhan, else NgayNopHoSo
               WHEN q.record ? 'ngay_tiep_nhan' THEN left(q.record->>'ngay_tiep_nhan', 8)
               WHEN q.record ? 'ngay_nop_ho_so' THEN left(q.record->>'ngay_nop_ho_so', 8)
               WHEN q.record->>'received_at' ~ '^\d{4}-\d{2}-\d{2}T'  -- a staged row (a duplicate in its file)
                   THEN to_char((q.record->>'received_at')::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')
           END AS received_day
    FROM audit.quarantine q
    JOIN audit.landed_file lf ON lf.file_id = q.file_id
    WHERE q.record->>'ma_don_vi' IN (SELECT unit_code FROM scope_code)
      AND NOT EXISTS (SELECT FROM dw.fact_dossier f WHERE f.ma_ho_so = q.record_key)
      AND NOT EXISTS (SELECT FROM dw.fact_petition p WHERE p.ma_pakn = q.record_key)
),
quarantined_record AS (  -- a record without a key counts once per quarantined row
    SELECT rule, subject, received_day, coalesce(record_key, '#' || quarantine_id) AS record
    FROM quarantined
),
new_dossier AS (
    SELECT f.procedure_key, f.due_date_key, f.channel_code, f.online_level_at_receipt, f.paid_online, f.has_fee
    FROM dw.fact_dossier f
    JOIN scope USING (unit_key)
    CROSS JOIN bounds b
    WHERE f.status_code NOT IN (1, 3)
      AND f.received_date_key BETWEEN b.first_day::integer AND b.last_day::integer
)
SELECT 'cach_ly' AS kind, q.rule AS detail, q.subject, count(DISTINCT q.record) AS count
FROM quarantined_record q CROSS JOIN bounds b
WHERE q.received_day ~ '^\d{8}$' AND q.received_day BETWEEN b.first_day AND b.last_day
GROUP BY q.rule, q.subject
UNION ALL
SELECT 'cach_ly_khong_ro_ngay', NULL, q.subject, count(DISTINCT q.record)
FROM quarantined_record q
WHERE q.received_day IS NULL OR q.received_day !~ '^\d{8}$'
GROUP BY q.subject
UNION ALL
SELECT 'khong_co_han', NULL, NULL, count(*) FROM new_dossier WHERE due_date_key IS NULL
UNION ALL
SELECT 'tthc_suy_ra', NULL, NULL, count(*)
FROM new_dossier d JOIN dw.dim_procedure p USING (procedure_key) WHERE p.is_inferred
UNION ALL
SELECT 'truc_tuyen_khong_dvctt', NULL, NULL, count(*)
FROM new_dossier WHERE channel_code = 2 AND online_level_at_receipt = 'khong'
UNION ALL
SELECT 'thanh_toan_khong_phi', NULL, NULL, count(*)
FROM new_dossier d JOIN dw.dim_procedure p USING (procedure_key)
WHERE d.paid_online AND (NOT d.has_fee OR p.co_phi IS FALSE)
UNION ALL
SELECT 'don_vi_khong_ro_cap_tren', NULL, NULL, count(*)
FROM dw.fact_dossier f
JOIN dw.dim_unit u USING (unit_key)
CROSS JOIN bounds b
WHERE u.parent_unit_key IS NULL AND u.level IS DISTINCT FROM 'tinh'
  AND f.status_code NOT IN (1, 3)
  AND f.received_date_key BETWEEN b.first_day::integer AND b.last_day::integer
  AND %(is_top)s;
