-- Source fields the model does not know, kept as sent.
INSERT INTO raw.dossier_extra (file_id, row_no, dossier_code, extra)
SELECT %(file_id)s, row_no, ma_ho_so, extra
FROM stg_dossier
WHERE extra IS NOT NULL
ON CONFLICT (file_id, row_no) DO NOTHING;
