-- The unit a report is about: its version in force on the period's last day, else its latest version;
-- whether it still exists today; and the body above it (the parent of that version).
SELECT u.unit_code, u.name, u.kind, u.level,
       EXISTS (SELECT FROM dw.dim_unit c WHERE c.unit_code = u.unit_code AND c.valid_to = date '9999-12-31')
           AS exists_today,
       p.name AS parent_name, p.kind AS parent_kind
FROM dw.dim_unit u
LEFT JOIN dw.dim_unit p ON p.unit_key = u.parent_unit_key
WHERE u.unit_code = %(unit_code)s
ORDER BY (%(last_day)s::date >= u.valid_from AND %(last_day)s::date < u.valid_to) DESC, u.valid_from DESC
LIMIT 1;
