-- The declared complete_from of a source (config/sources.yaml, None when not declared) onto the coverage rows
-- of its units loaded before (audit.data_coverage.declared_from): a changed declaration applies at the next load
-- of the source, also when it brings no dossier file. Rows already right are not touched.
UPDATE audit.data_coverage
SET declared_from = %(complete_from)s::date, updated_at = now()
WHERE source = %(source)s AND declared_from IS DISTINCT FROM %(complete_from)s::date;
