-- The values of the current workbooks of some units for a period (dw.report_input_current): a number for so and
-- ty_le items, a text for the others. An item left empty in a workbook has no row.
SELECT unit_code, item_code, value_number, value_text
FROM dw.report_input_current
WHERE period_code = %(period_code)s AND unit_code = ANY(%(unit_codes)s::text[])
ORDER BY unit_code, item_code;
