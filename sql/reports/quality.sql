-- What does not reconcile for a unit (with every unit below it) and period, as (kind, detail, count):
--   cach_ly: rows quarantined at load (audit.quarantine) naming a unit of the scope and received in the
--     period, whose dossier is not in dw today (a later file did not bring it back), by rule;
--   cach_ly_khong_ro_ngay: such rows without a readable receipt day (the period cannot be told);
--   khong_co_han: new dossiers of the period without a due date (counted as on time: no deadline);
--   tthc_suy_ra: new dossiers of procedures missing from the catalogue (inferred members);
--   don_vi_khong_ro_cap_tren: new dossiers, anywhere, of units with no known parent other than the
--     top of the tree (inferred units): they are not in any district's or province's totals.
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
    SELECT q.rule, q.record_key, left(q.record->>'ngay_tiep_nhan', 8) AS received_day
    FROM audit.quarantine q
    WHERE q.record->>'ma_don_vi' IN (SELECT unit_code FROM scope_code)
      AND NOT EXISTS (SELECT FROM dw.fact_dossier f WHERE f.ma_ho_so = q.record_key)
),
new_dossier AS (
    SELECT f.procedure_key, f.due_date_key
    FROM dw.fact_dossier f
    JOIN scope USING (unit_key)
    CROSS JOIN bounds b
    WHERE f.status_code NOT IN (1, 3)
      AND f.received_date_key BETWEEN b.first_day::integer AND b.last_day::integer
)
SELECT 'cach_ly' AS kind, q.rule AS detail, count(DISTINCT q.record_key) + count(*) FILTER (WHERE q.record_key IS NULL)
FROM quarantined q CROSS JOIN bounds b
WHERE q.received_day ~ '^\d{8}$' AND q.received_day BETWEEN b.first_day AND b.last_day
GROUP BY q.rule
UNION ALL
SELECT 'cach_ly_khong_ro_ngay', NULL, count(*)
FROM quarantined q
WHERE q.received_day IS NULL OR q.received_day !~ '^\d{8}$'
UNION ALL
SELECT 'khong_co_han', NULL, count(*) FROM new_dossier WHERE due_date_key IS NULL
UNION ALL
SELECT 'tthc_suy_ra', NULL, count(*)
FROM new_dossier d JOIN dw.dim_procedure p USING (procedure_key) WHERE p.is_inferred
UNION ALL
SELECT 'don_vi_khong_ro_cap_tren', NULL, count(*)
FROM dw.fact_dossier f
JOIN dw.dim_unit u USING (unit_key)
CROSS JOIN bounds b
WHERE u.parent_unit_key IS NULL AND u.level IS DISTINCT FROM 'tinh'
  AND f.status_code NOT IN (1, 3)
  AND f.received_date_key BETWEEN b.first_day::integer AND b.last_day::integer
  AND %(is_top)s;
