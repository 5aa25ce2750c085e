-- The documents a unit's workbook cites (sheet "Văn bản"), in the order of the sheet.
SELECT so_ky_hieu, ngay, loai, trich_yeu, muc
FROM dw.report_document
WHERE submission_id = %(submission_id)s
ORDER BY line_no;
