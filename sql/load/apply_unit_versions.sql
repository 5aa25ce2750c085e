-- Units of a unit list, kept as versions (natural key: agency code = unit_code), by the rules of
-- apply_procedure_versions.sql, except that the first version of a unit starts on its stated date (a unit
-- created by a reorganisation) and only an undated first version applies to every earlier day; and a unit
-- that a reorganisation ended stays ended, even if an old unit list is loaded again.
CREATE TEMP TABLE unit_change ON COMMIT DROP AS
SELECT DISTINCT ON (ma_dinh_danh)
       ma_dinh_danh AS unit_code, ma_dvhc AS gso_code, ten_don_vi AS name, cap AS level, loai AS kind,
       ma_dvhc_cha AS parent_gso_code, hieu_luc_tu, coalesce(hieu_luc_tu, %(load_date)s::date) AS applies_from
FROM stg_unit
ORDER BY ma_dinh_danh, hieu_luc_tu DESC NULLS LAST, row_no DESC;

DELETE FROM unit_change c
USING dw.dim_unit u
WHERE u.unit_code = c.unit_code AND NOT u.is_inferred
  AND (c.hieu_luc_tu IS NULL OR (c.applies_from >= u.valid_from AND c.applies_from < u.valid_to))
  AND (u.gso_code, u.name, u.level, u.kind, u.parent_gso_code)
      IS NOT DISTINCT FROM (c.gso_code, c.name, c.level, c.kind, c.parent_gso_code);

DELETE FROM unit_change c
USING dw.unit_lineage l
WHERE l.old_unit_code = c.unit_code AND l.effective_date <= c.applies_from;

WITH completed AS (
    UPDATE dw.dim_unit u
    SET gso_code = c.gso_code, name = c.name, level = c.level, kind = c.kind, parent_gso_code = c.parent_gso_code,
        is_inferred = false, updated_at = now()
    FROM unit_change c
    WHERE u.unit_code = c.unit_code AND u.is_inferred
    RETURNING u.unit_code
)
DELETE FROM unit_change WHERE unit_code IN (SELECT unit_code FROM completed);

UPDATE dw.dim_unit u
SET valid_to = c.applies_from, updated_at = now()
FROM unit_change c
WHERE u.unit_code = c.unit_code AND u.valid_to = DATE '9999-12-31' AND NOT u.is_inferred
  AND c.applies_from > u.valid_from;

UPDATE dw.dim_unit u
SET gso_code = c.gso_code, name = c.name, level = c.level, kind = c.kind, parent_gso_code = c.parent_gso_code,
    updated_at = now()
FROM unit_change c
WHERE u.unit_code = c.unit_code AND c.applies_from >= u.valid_from AND c.applies_from < u.valid_to
  AND (u.gso_code, u.name, u.level, u.kind, u.parent_gso_code)
      IS DISTINCT FROM (c.gso_code, c.name, c.level, c.kind, c.parent_gso_code);

INSERT INTO dw.dim_unit (unit_code, gso_code, name, level, kind, parent_gso_code, valid_from)
SELECT c.unit_code, c.gso_code, c.name, c.level, c.kind, c.parent_gso_code,
       CASE WHEN EXISTS (SELECT FROM dw.dim_unit o WHERE o.unit_code = c.unit_code) THEN c.applies_from
            ELSE coalesce(c.hieu_luc_tu, DATE '1900-01-01') END
FROM unit_change c
WHERE NOT EXISTS (SELECT FROM dw.dim_unit u WHERE u.unit_code = c.unit_code AND u.valid_to = DATE '9999-12-31');
