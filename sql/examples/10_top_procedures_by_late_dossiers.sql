-- The ten procedures (thủ tục hành chính) with the most dossiers resolved late (quá hạn) in a date range: per
-- procedure code, the dossiers resolved (status 9/10, finished in the range), those after the due day, and the
-- late share = quá hạn / dossiers judged (with a due date), in percent with 2 decimals. A procedure counts once
-- whatever catalogue version its dossiers were received under (procedure_code, named by its current version).
-- Ties: the lower code first. Reads mart.dossier_detail; change the dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2026-06-30' AS to_day
)
SELECT d.procedure_code,
       d.procedure_name,
       count(*) AS da_giai_quyet,
       count(*) FILTER (WHERE d.timeliness = 'qua_han') AS qua_han,
       round(100.0 * count(*) FILTER (WHERE d.timeliness = 'qua_han') / nullif(count(d.timeliness), 0), 2)
           AS ty_le_qua_han
FROM mart.dossier_detail d
CROSS JOIN period p
WHERE d.is_resolved
  AND d.finished_on BETWEEN p.from_day AND p.to_day
GROUP BY d.procedure_code, d.procedure_name
HAVING count(*) FILTER (WHERE d.timeliness = 'qua_han') > 0
ORDER BY qua_han DESC, d.procedure_code
LIMIT 10;
