-- Facts of the units just loaded point at the unit version in force on the day they were received: the
-- dossiers, then the PAKN (the same rule, one statement per fact table).
UPDATE dw.fact_dossier f
SET unit_key = v.unit_key, updated_at = now()
FROM dw.dim_unit old
JOIN dw.dim_unit v ON v.unit_code = old.unit_code
WHERE f.unit_key = old.unit_key
  AND old.unit_code IN (SELECT ma_dinh_danh FROM stg_unit)
  AND v.unit_key <> old.unit_key
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= v.valid_from
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < v.valid_to;

UPDATE dw.fact_petition f
SET unit_key = v.unit_key, updated_at = now()
FROM dw.dim_unit old
JOIN dw.dim_unit v ON v.unit_code = old.unit_code
WHERE f.unit_key = old.unit_key
  AND old.unit_code IN (SELECT ma_dinh_danh FROM stg_unit)
  AND v.unit_key <> old.unit_key
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= v.valid_from
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < v.valid_to;
