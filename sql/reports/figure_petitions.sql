-- The PAKN behind §II.2.3 of a unit's report for its period (mart.figure_petitions, migration 0023), ordered by code.
SELECT *
FROM mart.figure_petitions(%(unit_code)s, %(first_day)s, %(last_day)s, %(restated)s)
ORDER BY petition_code;
