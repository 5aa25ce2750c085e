-- Ratings that arrived before their dossier: link them to the dossiers just loaded.
UPDATE dw.fact_dossier_rating r
SET dossier_key = f.dossier_key, updated_at = now()
FROM dw.fact_dossier f
WHERE f.dossier_code = r.dossier_code
  AND r.dossier_key IS NULL
  AND f.dossier_code IN (SELECT ma_ho_so FROM stg_dossier);
