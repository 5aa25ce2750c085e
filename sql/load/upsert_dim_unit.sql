-- Units of the unit list (natural key: agency code); completes inferred members.
INSERT INTO dw.dim_unit AS u (unit_code, gso_code, name, level, kind, parent_gso_code, is_inferred)
SELECT DISTINCT ON (ma_dinh_danh) ma_dinh_danh, ma_dvhc, ten_don_vi, cap, loai, ma_dvhc_cha, false
FROM stg_unit
ORDER BY ma_dinh_danh, row_no DESC
ON CONFLICT (unit_code) WHERE valid_to = DATE '9999-12-31' DO UPDATE SET
    gso_code = EXCLUDED.gso_code,
    name = EXCLUDED.name,
    level = EXCLUDED.level,
    kind = EXCLUDED.kind,
    parent_gso_code = EXCLUDED.parent_gso_code,
    is_inferred = false,
    updated_at = now()
WHERE u.is_inferred
   OR (u.gso_code, u.name, u.level, u.kind, u.parent_gso_code)
      IS DISTINCT FROM (EXCLUDED.gso_code, EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_gso_code);
