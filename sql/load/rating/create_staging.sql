-- The staging table of one rating file: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_dossier_rating (LIKE staging.stg_dossier_rating INCLUDING DEFAULTS) ON COMMIT DROP;
