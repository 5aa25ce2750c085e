-- How many of the staged dossiers hang on dimension members that are still inferred.
SELECT count(*) FILTER (WHERE EXISTS (SELECT FROM dw.dim_unit u WHERE u.unit_code = s.ma_don_vi AND u.is_inferred))
           AS inferred_dossiers_with_inferred_unit,
       count(*) FILTER (WHERE EXISTS (SELECT FROM dw.dim_procedure p WHERE p.procedure_code = s.ma_tthc AND p.is_inferred))
           AS inferred_dossiers_with_inferred_procedure
FROM stg_dossier s;
