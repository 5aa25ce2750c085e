-- The staging table of one file: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_dossier (LIKE staging.stg_dossier INCLUDING DEFAULTS) ON COMMIT DROP;
