-- The documents a unit's workbook cites (sheet "Văn bản"), in the order of the sheet.
SELECT document_number, issued_on, kind, summary, section
FROM dw.report_document
WHERE submission_id = %(submission_id)s
ORDER BY line_no;
