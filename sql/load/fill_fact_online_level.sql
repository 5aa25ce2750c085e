-- Dossiers loaded before their procedure was in the catalogue get its online level once it is known.
UPDATE dw.fact_dossier fact
SET online_level_at_receipt = p.muc_do_dvctt, updated_at = now()
FROM dw.dim_procedure p
WHERE fact.procedure_key = p.procedure_key
  AND fact.online_level_at_receipt IS NULL
  AND p.muc_do_dvctt IS NOT NULL;
