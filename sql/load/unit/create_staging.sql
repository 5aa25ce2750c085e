-- The staging table of one file: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_unit (LIKE staging.stg_unit INCLUDING DEFAULTS) ON COMMIT DROP;
