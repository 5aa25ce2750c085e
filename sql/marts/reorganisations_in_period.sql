-- The reorganisations that took effect inside a period (first_day exclusive, last_day inclusive: a change
-- on the first day of the period does not split it), one row per new unit with all its predecessors (code, name,
-- kind and share of each, latest version), and for each predecessor whether it concerns the units asked about
-- (unit_codes: the new unit or that predecessor is one of them; every one when unit_codes is null). Only new
-- units that concern those units are listed; dissolved units (no new unit) are not.
WITH lineage AS (
    SELECT l.*,
           (%(unit_codes)s::text[] IS NULL OR l.new_unit_code = ANY(%(unit_codes)s)
            OR l.old_unit_code = ANY(%(unit_codes)s)) AS concerned
    FROM dw.unit_lineage l
    WHERE l.effective_date > %(first_day)s AND l.effective_date <= %(last_day)s
      AND l.new_unit_code IS NOT NULL
)
SELECT l.effective_date,
       l.new_unit_code,
       n.name AS new_name,
       n.kind AS new_kind,
       array_agg(l.old_unit_code ORDER BY l.old_unit_code) AS old_codes,
       array_agg(o.name ORDER BY l.old_unit_code) AS old_names,
       array_agg(o.kind ORDER BY l.old_unit_code) AS old_kinds,
       array_agg(l.share_percent ORDER BY l.old_unit_code) AS shares,
       array_agg(l.concerned ORDER BY l.old_unit_code) AS concerned,
       string_agg(DISTINCT l.legal_basis, '; ') AS legal_basis
FROM lineage l
LEFT JOIN LATERAL (SELECT u.name, u.kind FROM dw.dim_unit u WHERE u.unit_code = l.new_unit_code
                   ORDER BY u.valid_from DESC LIMIT 1) n ON true
LEFT JOIN LATERAL (SELECT u.name, u.kind FROM dw.dim_unit u WHERE u.unit_code = l.old_unit_code
                   ORDER BY u.valid_from DESC LIMIT 1) o ON true
GROUP BY l.effective_date, l.new_unit_code, n.name, n.kind
HAVING bool_or(l.concerned)
ORDER BY l.effective_date, n.name, l.new_unit_code;
