-- The inspections a unit's workbook lists (sheet "Kiểm tra"), in the order of the sheet.
SELECT doi_tuong, ngay, ton_tai, da_khac_phuc
FROM dw.report_inspection
WHERE submission_id = %(submission_id)s
ORDER BY line_no;
