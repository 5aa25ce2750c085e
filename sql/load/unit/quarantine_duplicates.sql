-- An agency code listed more than once in one unit list (for the same effective date): keep the last row,
-- move the others to quarantine naming the row that was kept, so one list never gives a unit two states.
SELECT audit.quarantine_duplicates('stg_unit', 'ma_dinh_danh, hieu_luc_tu', 'row_no DESC', 'ma_dinh_danh',
                                   'ma_dinh_danh_trung_trong_tep',
                                   'Mã định danh xuất hiện nhiều lần trong danh sách; giữ dòng ',
                                   %(load_id)s, %(file_id)s) AS rows_quarantined;
