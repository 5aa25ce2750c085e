-- A dossier code that appears more than once in one file: keep the latest state (then the last row),
-- move the others to quarantine with the row that was kept. Returns the number of rows moved (rows_quarantined).
SELECT audit.quarantine_duplicates('stg_dossier', 'ma_ho_so', 'source_event_at DESC, row_no DESC', 'ma_ho_so',
                                   'ma_ho_so_trung_trong_tep', 'Mã hồ sơ xuất hiện nhiều lần trong tệp; giữ dòng ',
                                   %(load_id)s, %(file_id)s) AS rows_quarantined;
