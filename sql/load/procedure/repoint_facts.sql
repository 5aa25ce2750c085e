-- Dossiers of the procedures just loaded are judged by the version in force on the day they were received.
UPDATE dw.fact_dossier f
SET procedure_key = v.procedure_key, online_level_at_receipt = v.muc_do_dvctt, updated_at = now()
FROM dw.dim_procedure old
JOIN dw.dim_procedure v ON v.ma_tthc = old.ma_tthc
WHERE f.procedure_key = old.procedure_key
  AND old.ma_tthc IN (SELECT ma_tthc FROM stg_procedure)
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= v.valid_from
  AND (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < v.valid_to
  AND (f.procedure_key, f.online_level_at_receipt) IS DISTINCT FROM (v.procedure_key, v.muc_do_dvctt);
