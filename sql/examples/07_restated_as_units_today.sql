-- Dossiers received in 2024, restated "as the units are today": units merged by the 2025 reorganisation
-- count under the unit that took them over (dw.unit_restatement), weighted by the share it took.
-- A dissolved unit keeps its own dossiers; it has no current version, hence the LEFT JOIN for its name.
WITH period AS (SELECT 20240101 AS first_day, 20241231 AS last_day)
SELECT r.current_unit_code,
       coalesce(today.name, (SELECT max(v.name) FROM dw.dim_unit v WHERE v.unit_code = r.current_unit_code))
           AS unit_name,
       today.unit_key IS NOT NULL AS exists_today,
       sum(r.share) AS dossiers_received
FROM dw.fact_dossier f
CROSS JOIN period
JOIN dw.dim_unit u USING (unit_key)
JOIN dw.unit_restatement r ON r.unit_code = u.unit_code
LEFT JOIN dw.dim_unit today ON today.unit_code = r.current_unit_code AND today.valid_to = DATE '9999-12-31'
WHERE f.received_date_key BETWEEN period.first_day AND period.last_day
GROUP BY r.current_unit_code, today.name, today.unit_key
ORDER BY dossiers_received DESC, r.current_unit_code;
