-- The unit codes (as received) whose dossiers a unit's report counts: itself and every unit below it.
SELECT DISTINCT u.unit_code
FROM mart.unit_rollup r
JOIN dw.dim_unit u USING (unit_key)
WHERE r.restated = %(restated)s AND r.ancestor_unit_code = %(unit_code)s
ORDER BY 1;
