-- The models and initiatives a unit's workbook lists (sheet "Mô hình"), in the order of the sheet.
SELECT name, year_applied, result
FROM dw.report_initiative
WHERE submission_id = %(submission_id)s
ORDER BY line_no;
