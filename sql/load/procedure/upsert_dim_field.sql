-- Fields named by the catalogue; completes inferred members.
INSERT INTO dw.dim_field AS f (ma_linh_vuc, ten_linh_vuc, is_inferred)
SELECT DISTINCT ON (ma_linh_vuc) ma_linh_vuc, ten_linh_vuc, false
FROM stg_procedure
WHERE ma_linh_vuc IS NOT NULL
ORDER BY ma_linh_vuc, row_no DESC
ON CONFLICT (ma_linh_vuc) DO UPDATE SET
    ten_linh_vuc = EXCLUDED.ten_linh_vuc, is_inferred = false, updated_at = now()
WHERE f.is_inferred OR f.ten_linh_vuc IS DISTINCT FROM EXCLUDED.ten_linh_vuc;
