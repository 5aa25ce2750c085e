-- A PAKN code that appears more than once in one file: keep the latest state (then the last row),
-- move the others to quarantine with the row that was kept. Returns the number of rows moved.
ANALYZE stg_petition;
SELECT audit.quarantine_duplicates('stg_petition', 'ma_pakn', 'source_event_at DESC, row_no DESC', 'ma_pakn',
                                   'ma_pakn_trung_trong_tep', 'Mã PAKN xuất hiện nhiều lần trong tệp; giữ dòng ',
                                   %(load_id)s, %(file_id)s) AS rows_quarantined;
