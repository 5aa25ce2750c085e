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
-- The dossier counts are those of mart.dossier_counts of the period (its rules there), never dw.fact_dossier;
-- the rows set aside are looked up in audit.quarantine, each checked against dw by its key.
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
      AND NOT EXISTS (SELECT FROM dw.fact_dossier f WHERE f.dossier_code = q.record_key)
      AND NOT EXISTS (SELECT FROM dw.fact_petition p WHERE p.petition_code = q.record_key)
),
quarantined_record AS (  -- a record without a key counts once per quarantined row
    SELECT rule, subject, received_day, coalesce(record_key, '#' || quarantine_id) AS record
    FROM quarantined
),
new_dossier AS (  -- the period's new dossiers of the scope's unit versions, per procedure version
    SELECT c.procedure_key, c.nhan_moi, c.khong_co_han, c.truc_tuyen_khong_dvctt, c.thanh_toan_truc_tuyen,
           c.co_phi_thanh_toan_truc_tuyen
    FROM mart.dossier_counts c
    JOIN scope USING (unit_key)
    WHERE c.calendar = %(calendar)s AND c.period_code = %(period_code)s AND c.nhan_moi > 0
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
SELECT 'khong_co_han', NULL, NULL, coalesce(sum(khong_co_han), 0) FROM new_dossier
UNION ALL
SELECT 'tthc_suy_ra', NULL, NULL, coalesce(sum(d.nhan_moi), 0)
FROM new_dossier d JOIN dw.dim_procedure p USING (procedure_key) WHERE p.is_inferred
UNION ALL
SELECT 'truc_tuyen_khong_dvctt', NULL, NULL, coalesce(sum(truc_tuyen_khong_dvctt), 0) FROM new_dossier
UNION ALL  -- paid online without a fee in the dossier, or with one while the catalogue version says none
SELECT 'thanh_toan_khong_phi', NULL, NULL,
       coalesce(sum(d.thanh_toan_truc_tuyen - d.co_phi_thanh_toan_truc_tuyen
                     + CASE WHEN p.has_fee IS FALSE THEN d.co_phi_thanh_toan_truc_tuyen ELSE 0 END), 0)
FROM new_dossier d JOIN dw.dim_procedure p USING (procedure_key)
UNION ALL
SELECT 'don_vi_khong_ro_cap_tren', NULL, NULL, coalesce(sum(c.nhan_moi), 0)
FROM mart.dossier_counts c
JOIN dw.dim_unit u USING (unit_key)
WHERE u.parent_unit_key IS NULL AND u.level IS DISTINCT FROM 'tinh'
  AND c.calendar = %(calendar)s AND c.period_code = %(period_code)s
  AND %(is_top)s;
