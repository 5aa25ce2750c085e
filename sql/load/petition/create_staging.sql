-- The staging table of one PAKN list: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_petition (LIKE staging.stg_petition INCLUDING DEFAULTS) ON COMMIT DROP;
