-- Dossiers of the procedures just loaded are judged by the version in force on the day they were received.
UPDATE dw.fact_dossier f
SET procedure_key = v.procedure_key, online_level_at_receipt = v.online_level, updated_at = now()
FROM dw.dim_procedure old
JOIN dw.dim_procedure v ON v.procedure_code = old.procedure_code
WHERE f.procedure_key = old.procedure_key
  AND old.procedure_code IN (SELECT ma_tthc FROM stg_procedure)
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= v.valid_from
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < v.valid_to
  AND (f.procedure_key, f.online_level_at_receipt) IS DISTINCT FROM (v.procedure_key, v.online_level);
