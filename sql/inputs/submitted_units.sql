-- The units that have a current fill-in workbook (Phiếu số liệu báo cáo CCHC) for a period: they are not asked for
-- it, nor reminded. Read by etl/inputs/asking.py.
SELECT unit_code
FROM dw.report_input_submission
WHERE period_code = %(period_code)s AND replaced_by IS NULL
ORDER BY unit_code;
