-- Ratings that arrived before their dossier: link them to the dossiers just loaded.
UPDATE dw.fact_dossier_rating r
SET dossier_key = f.dossier_key, updated_at = now()
FROM dw.fact_dossier f
WHERE f.ma_ho_so = r.ma_ho_so
  AND r.dossier_key IS NULL
  AND f.ma_ho_so IN (SELECT ma_ho_so FROM stg_dossier);
