-- A dossier rated more than once in one file: keep the latest rating (then the last row), move the others
-- to quarantine with the row that was kept. Returns the number of rows moved.
ANALYZE stg_dossier_rating;
SELECT audit.quarantine_duplicates('stg_dossier_rating', 'ma_ho_so', 'rated_at DESC, row_no DESC', 'ma_ho_so',
                                   'danh_gia_trung_trong_tep',
                                   'Hồ sơ được đánh giá nhiều lần trong tệp; giữ lần đánh giá mới nhất ở dòng ',
                                   %(load_id)s, %(file_id)s) AS rows_quarantined;
