-- A dossier rated more than once in one file: keep the latest rating (then the last row), move the others
-- to quarantine with the row that was kept.
ANALYZE stg_dossier_rating;
WITH ranked AS (
    SELECT ctid AS row_id,
           row_number() OVER w AS rank,
           first_value(row_no) OVER w AS kept_row_no
    FROM stg_dossier_rating
    WINDOW w AS (PARTITION BY ma_ho_so ORDER BY rated_at DESC, row_no DESC)
), dropped AS (
    DELETE FROM stg_dossier_rating s
    USING ranked r
    WHERE s.ctid = r.row_id AND r.rank > 1
    RETURNING s.*, r.kept_row_no
)
INSERT INTO audit.quarantine (load_id, file_id, row_no, record_key, rule, column_name, value, reason, record)
SELECT %(load_id)s, %(file_id)s, d.row_no, d.ma_ho_so, 'danh_gia_trung_trong_tep', 'ma_ho_so', d.ma_ho_so,
       'Hồ sơ được đánh giá nhiều lần trong tệp; giữ lần đánh giá mới nhất ở dòng ' || d.kept_row_no,
       to_jsonb(d) - 'kept_row_no'
FROM dropped d;
