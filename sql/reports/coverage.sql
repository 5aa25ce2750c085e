-- Which days the warehouse holds complete data of a report's units (etl.reports.model.Coverage), from
-- audit.data_coverage (docs/warehouse.md §7). The scope is the unit and every unit below it (mart.unit_rollup,
-- in the report's reading).
--   A source's data is complete from its declared complete_from when given, else from the first day of receipt
--   seen from it (the earliest first_day over its units): a source carries all its units from its start, and a
--   unit whose first dossier comes later had none before. A unit's data is complete from the earliest start of
--   the sources that carry it (a source that started later takes nothing away).
--   complete_from: the latest of those over the units of the scope that existed during the compared period (a
--     version in force on a day of it) and have any recorded data. A unit created during the compared period
--     counts from its creation: a source that carried it from then blocks nothing (it is complete from the
--     compared period's first day). Units created after it, or ended before it, are left out; when no unit of
--     the scope existed then, the latest over the scope of the day each unit has complete data from, counted
--     from its creation (after the compared period's start: there is nothing to compare with).
--   data_through: the latest last_day over the scope.
-- Both null when no load recorded data of the scope.
WITH version AS (
    SELECT DISTINCT u.unit_code, u.valid_from, u.valid_to
    FROM mart.unit_rollup r
    JOIN dw.dim_unit u USING (unit_key)
    WHERE r.restated = %(restated)s AND r.ancestor_unit_code = %(unit_code)s
),
scope_unit AS (
    SELECT unit_code,
           min(valid_from) AS created,
           bool_or(valid_from <= %(compared_last_day)s::date AND valid_to > %(compared_first_day)s::date) AS compared
    FROM version
    GROUP BY unit_code
),
source_start AS (
    SELECT source, coalesce(max(declared_from), min(first_day)) AS complete_from
    FROM audit.data_coverage
    WHERE source IN (SELECT c.source FROM audit.data_coverage c JOIN scope_unit USING (unit_code))
    GROUP BY source
),
unit_coverage AS (
    SELECT s.unit_code, s.created, s.compared, min(t.complete_from) AS complete_from, max(c.last_day) AS last_day
    FROM scope_unit s
    JOIN audit.data_coverage c USING (unit_code)
    JOIN source_start t USING (source)
    GROUP BY s.unit_code, s.created, s.compared
)
SELECT coalesce(max(CASE WHEN created > %(compared_first_day)s::date AND complete_from <= created
                         THEN least(complete_from, %(compared_first_day)s::date)
                         ELSE complete_from END) FILTER (WHERE compared),
                max(greatest(complete_from, created))) AS complete_from,
       max(last_day) AS data_through
FROM unit_coverage;
