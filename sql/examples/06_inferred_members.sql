-- Dossiers still attached to inferred (unknown) dimension members: units whose MaDonVi is not in the unit
-- list (don_vi), procedures whose MaTTHC is not in the catalogue (thu_tuc), fields only seen on dossiers
-- (linh_vuc). One row per member: how many dossiers, their first and last local receipt day, up to five
-- dossier codes. Each row is a catalogue or unit-list entry to ask the province for; once that file is
-- loaded the member is completed in place and drops out of this list.
SELECT 'don_vi' AS member_kind, u.unit_code AS code, u.name,
       count(*) AS so_ho_so, min(d.full_date) AS first_received_on, max(d.full_date) AS last_received_on,
       (array_agg(f.dossier_code ORDER BY f.dossier_code))[1:5] AS example_dossier_codes
FROM dw.fact_dossier f
JOIN dw.dim_unit u ON u.unit_key = f.unit_key
JOIN dw.dim_date d ON d.date_key = f.received_date_key
WHERE u.is_inferred
GROUP BY u.unit_code, u.name
UNION ALL
SELECT 'thu_tuc', p.procedure_code, p.name,
       count(*), min(d.full_date), max(d.full_date),
       (array_agg(f.dossier_code ORDER BY f.dossier_code))[1:5]
FROM dw.fact_dossier f
JOIN dw.dim_procedure p ON p.procedure_key = f.procedure_key
JOIN dw.dim_date d ON d.date_key = f.received_date_key
WHERE p.is_inferred
GROUP BY p.procedure_code, p.name
UNION ALL
SELECT 'linh_vuc', fl.field_code, fl.name,
       count(*), min(d.full_date), max(d.full_date),
       (array_agg(f.dossier_code ORDER BY f.dossier_code))[1:5]
FROM dw.fact_dossier f
JOIN dw.dim_field fl ON fl.field_key = f.field_key
JOIN dw.dim_date d ON d.date_key = f.received_date_key
WHERE fl.is_inferred
GROUP BY fl.field_code, fl.name
ORDER BY member_kind, code;
