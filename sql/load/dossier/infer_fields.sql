-- Fields (lĩnh vực) named by dossiers but not yet in dim_field: add them, flagged as inferred.
WITH added AS (
    INSERT INTO dw.dim_field (field_code, name, is_inferred)
    SELECT DISTINCT ON (ma_linh_vuc) ma_linh_vuc, ten_linh_vuc, true
    FROM stg_dossier
    WHERE ma_linh_vuc IS NOT NULL
    ORDER BY ma_linh_vuc, row_no DESC
    ON CONFLICT (field_code) DO NOTHING
    RETURNING 1
)
SELECT count(*) AS inferred_field FROM added;
