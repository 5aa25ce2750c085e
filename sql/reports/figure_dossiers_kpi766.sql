-- The dossiers behind the QĐ 766 numerators and denominators of a unit for a calendar period (the report period's
-- calendar twin; mart.figure_dossiers_kpi766, migration 0023), ordered by code.
SELECT *
FROM mart.figure_dossiers_kpi766(%(unit_code)s, %(first_day)s, %(last_day)s, %(restated)s)
ORDER BY dossier_code;
