-- The values a new workbook is pre-filled with: the carry items (config/report_inputs.yaml carry: true) of the
-- unit's current workbook of the previous period. Read by etl/inputs/prefill.py.
SELECT item_code, value_number, value_text
FROM dw.report_input_current
WHERE unit_code = %(unit_code)s AND period_code = %(period_code)s AND item_code = ANY(%(item_codes)s)
ORDER BY item_code;
