-- The rows of the list sheets, one per filled sheet row, numbered 1, 2, … in sheet order: the documents the
-- report cites (Văn bản), the inspections (Kiểm tra), the models and initiatives (Mô hình).
CREATE TEMP TABLE stg_report_list ON COMMIT DROP AS
SELECT submission.submission_id, s.phan,
       row_number() OVER (PARTITION BY s.phan ORDER BY s.line_no)::integer AS line_no,
       max(s.value_text) FILTER (WHERE s.ma = 'so_ky_hieu') AS so_ky_hieu,
       max(s.value_date) FILTER (WHERE s.ma = 'ngay') AS ngay,
       max(s.value_text) FILTER (WHERE s.ma = 'loai') AS loai,
       max(s.value_text) FILTER (WHERE s.ma = 'trich_yeu') AS trich_yeu,
       max(s.value_text) FILTER (WHERE s.ma = 'muc') AS muc,
       max(s.value_text) FILTER (WHERE s.ma = 'doi_tuong') AS doi_tuong,
       max(s.value_number) FILTER (WHERE s.ma = 'ton_tai')::integer AS ton_tai,
       max(s.value_number) FILTER (WHERE s.ma = 'da_khac_phuc')::integer AS da_khac_phuc,
       max(s.value_text) FILTER (WHERE s.ma = 'ten') AS ten,
       max(s.value_number) FILTER (WHERE s.ma = 'nam_ap_dung')::integer AS nam_ap_dung,
       max(s.value_text) FILTER (WHERE s.ma = 'ket_qua') AS ket_qua
FROM stg_report_input s
JOIN dw.report_input_submission submission ON submission.load_id = %(load_id)s
WHERE s.phan NOT IN ('thong_tin', 'so_lieu')
GROUP BY submission.submission_id, s.phan, s.line_no;

INSERT INTO dw.report_document (submission_id, line_no, document_number, issued_on, kind, summary, section)
SELECT submission_id, line_no, so_ky_hieu, ngay, loai, trich_yeu, muc FROM stg_report_list WHERE phan = 'van_ban';

INSERT INTO dw.report_inspection (submission_id, line_no, inspected, inspected_on, findings, remedied)
SELECT submission_id, line_no, doi_tuong, ngay, ton_tai, da_khac_phuc FROM stg_report_list WHERE phan = 'kiem_tra';

INSERT INTO dw.report_initiative (submission_id, line_no, name, year_applied, result)
SELECT submission_id, line_no, ten, nam_ap_dung, ket_qua FROM stg_report_list WHERE phan = 'mo_hinh';

-- what the load reports as new: the cells that held a value, all of them now in dw
SELECT count(*) AS rows_inserted
FROM stg_report_input
WHERE value_number IS NOT NULL OR value_text IS NOT NULL OR value_date IS NOT NULL;
