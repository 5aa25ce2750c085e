-- The listed units (not inferred) in force on a day, province first, then districts, then communes.
SELECT unit_code
FROM dw.dim_unit
WHERE NOT is_inferred AND %(last_day)s::date >= valid_from AND %(last_day)s::date < valid_to
ORDER BY array_position(ARRAY['tinh', 'huyen', 'xa'], level), unit_code;
