-- Fields named by the catalogue; completes inferred members.
INSERT INTO dw.dim_field AS f (field_code, name, is_inferred)
SELECT DISTINCT ON (ma_linh_vuc) ma_linh_vuc, ten_linh_vuc, false
FROM stg_procedure
WHERE ma_linh_vuc IS NOT NULL
ORDER BY ma_linh_vuc, row_no DESC
ON CONFLICT (field_code) DO UPDATE SET
    name = EXCLUDED.name, is_inferred = false, updated_at = now()
WHERE f.is_inferred OR f.name IS DISTINCT FROM EXCLUDED.name;
