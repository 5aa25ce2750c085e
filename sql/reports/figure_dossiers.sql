-- The dossiers behind the figures of a unit's report for its period (mart.figure_dossiers, migration 0023: the rules
-- of the mart refresh over single dossiers), ordered by code: what `cchc explain` and the chi-tiet workbook list.
SELECT *
FROM mart.figure_dossiers(%(unit_code)s, %(first_day)s, %(last_day)s, %(restated)s, %(certification_fields)s)
ORDER BY dossier_code;
