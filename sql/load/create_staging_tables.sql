-- Per-load staging tables: private to the loading session, gone at commit or rollback.
CREATE TEMP TABLE stg_dossier (LIKE staging.stg_dossier INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE stg_procedure (LIKE staging.stg_procedure INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE stg_unit (LIKE staging.stg_unit INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE stg_unit_lineage (LIKE staging.stg_unit_lineage INCLUDING DEFAULTS) ON COMMIT DROP;
