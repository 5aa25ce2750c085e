-- The staging table of one file: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_procedure (LIKE staging.stg_procedure INCLUDING DEFAULTS) ON COMMIT DROP;
