-- First statement of a refresh of the marts (etl.marts), in its transaction: one refresh at a time (an advisory
-- lock), and no load writing dw.fact_dossier while it runs (a SHARE lock: it waits for the transactions writing
-- the fact table, which then wait for it), so that every change it sees is committed and none can be added until
-- it commits. Returns the position the refresh brings its periods to: the last change logged in
-- audit.dossier_change and the last dossier_key given out (a rolled-back load may have used a few; no matter):
-- every change and every dossier above them comes after this refresh.
-- No JIT compilation in the refresh: its statements over the small marts join mart.unit_rollup, whose row count
-- the planner overestimates by orders of magnitude (a recursive view), and compiling them cost more than running.
-- Memory enough to count the dossiers of the periods in hash tables rather than sorting them on disk.
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';
SELECT pg_advisory_xact_lock(hashtextextended('mart refresh', 19));
LOCK TABLE dw.fact_dossier IN SHARE MODE;
SELECT coalesce(pg_sequence_last_value('audit.dossier_change_change_id_seq'), 0) AS change_id,
       coalesce(pg_sequence_last_value(pg_get_serial_sequence('dw.fact_dossier', 'dossier_key')::regclass), 0)
           AS dossier_key;
