-- Procedures named by dossiers but not (yet) in the catalogue: add an inferred member, completed later
-- when the catalogue arrives.
WITH added AS (
    INSERT INTO dw.dim_procedure (procedure_code, national_procedure_code, name, field_key, is_inferred)
    SELECT DISTINCT ON (s.ma_tthc)
           s.ma_tthc,
           coalesce(substring(s.ma_tthc FROM '^\d+\.\d+'), s.ma_tthc),
           coalesce(s.ten_tthc, 'Thủ tục ' || s.ma_tthc),
           f.field_key,
           true
    FROM stg_dossier s
    LEFT JOIN dw.dim_field f ON f.field_code = s.ma_linh_vuc
    WHERE NOT EXISTS (
        SELECT FROM dw.dim_procedure p WHERE p.procedure_code = s.ma_tthc  -- no version at all
    )
    ORDER BY s.ma_tthc, s.row_no DESC
    ON CONFLICT (procedure_code) WHERE valid_to = DATE '9999-12-31' DO NOTHING
    RETURNING 1
)
SELECT count(*) AS inferred_procedure FROM added;
