-- The staging table of one file: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_unit_lineage (LIKE staging.stg_unit_lineage INCLUDING DEFAULTS) ON COMMIT DROP;
