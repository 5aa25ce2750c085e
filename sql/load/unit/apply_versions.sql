-- Units of a unit list, kept as versions (natural key: agency code = unit_code) by staging.apply_versions
-- (migration 0011), except that the first version of a unit starts on its stated date (a unit created by a
-- reorganisation) and only an undated first version applies to every earlier day; and a unit that a
-- reorganisation ended stays ended, even if an old unit list is loaded again.
CREATE TEMP TABLE unit_change ON COMMIT DROP AS
SELECT DISTINCT ON (ma_dinh_danh)
       ma_dinh_danh AS unit_code, ma_dvhc AS gso_code, ten_don_vi AS name, cap AS level, loai AS kind,
       ma_dvhc_cha AS parent_gso_code, hieu_luc_tu, coalesce(hieu_luc_tu, %(load_date)s::date) AS applies_from,
       coalesce(hieu_luc_tu, DATE '1900-01-01') AS first_from
FROM stg_unit
ORDER BY ma_dinh_danh, hieu_luc_tu DESC NULLS LAST, row_no DESC;

DELETE FROM unit_change c
USING dw.unit_lineage l
WHERE l.old_unit_code = c.unit_code AND l.effective_date <= c.applies_from;

SELECT staging.apply_versions('dw.dim_unit', 'unit_change', 'unit_code',
                              ARRAY['gso_code', 'name', 'level', 'kind', 'parent_gso_code']);
