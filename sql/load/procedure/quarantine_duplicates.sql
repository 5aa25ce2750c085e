-- A procedure code (Mã TTHC) listed more than once in one catalogue (for the same effective date): keep
-- the last row, move the others to quarantine naming the row that was kept.
SELECT audit.quarantine_duplicates('stg_procedure', 'ma_tthc, hieu_luc_tu', 'row_no DESC', 'ma_tthc',
                                   'ma_tthc_trung_trong_tep', 'Mã TTHC xuất hiện nhiều lần trong danh mục; giữ dòng ',
                                   %(load_id)s, %(file_id)s) AS rows_quarantined;
