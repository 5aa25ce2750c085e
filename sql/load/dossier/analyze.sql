-- Temporary tables are never analysed by autovacuum: give the planner real row counts before the upserts.
ANALYZE stg_dossier;
