-- The reorganisations that took effect inside a period (first_day exclusive, last_day inclusive: a change
-- on the first day of the period does not split it), one row per new unit with its predecessors.
SELECT l.effective_date,
       l.new_unit_code,
       (SELECT n.name FROM dw.dim_unit n WHERE n.unit_code = l.new_unit_code ORDER BY n.valid_from DESC LIMIT 1)
           AS new_name,
       (SELECT n.kind FROM dw.dim_unit n WHERE n.unit_code = l.new_unit_code ORDER BY n.valid_from DESC LIMIT 1)
           AS new_kind,
       array_agg((SELECT lower(o.kind) || ' ' || o.name FROM dw.dim_unit o WHERE o.unit_code = l.old_unit_code
                  ORDER BY o.valid_from DESC LIMIT 1) ORDER BY l.old_unit_code) AS predecessors,
       string_agg(DISTINCT l.legal_basis, '; ') AS legal_basis
FROM dw.unit_lineage l
WHERE l.effective_date > %(first_day)s AND l.effective_date <= %(last_day)s
  AND l.new_unit_code IS NOT NULL
  AND (%(unit_codes)s::text[] IS NULL OR l.new_unit_code = ANY(%(unit_codes)s) OR l.old_unit_code = ANY(%(unit_codes)s))
GROUP BY l.effective_date, l.new_unit_code
ORDER BY l.effective_date, new_name;
