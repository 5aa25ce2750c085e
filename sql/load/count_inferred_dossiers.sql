-- How many of the staged dossiers hang on dimension members that are still inferred.
SELECT count(*) FILTER (WHERE u.is_inferred) AS dossiers_with_inferred_unit,
       count(*) FILTER (WHERE p.is_inferred) AS dossiers_with_inferred_procedure
FROM stg_dossier s
JOIN dw.dim_unit u ON u.unit_code = s.ma_don_vi AND u.valid_to = DATE '9999-12-31'
JOIN dw.dim_procedure p ON p.ma_tthc = s.ma_tthc AND p.valid_to = DATE '9999-12-31';
