-- An agency code listed more than once in one unit list (for the same effective date): keep the last row,
-- move the others to quarantine naming the row that was kept, so one list never gives a unit two states.
WITH ranked AS (
    SELECT ctid AS row_id,
           row_number() OVER w AS rank,
           first_value(row_no) OVER w AS kept_row_no
    FROM stg_unit
    WINDOW w AS (PARTITION BY ma_dinh_danh, hieu_luc_tu ORDER BY row_no DESC)
), dropped AS (
    DELETE FROM stg_unit s
    USING ranked r
    WHERE s.ctid = r.row_id AND r.rank > 1
    RETURNING s.*, r.kept_row_no
)
INSERT INTO audit.quarantine (load_id, file_id, row_no, record_key, rule, column_name, value, reason, record)
SELECT %(load_id)s, %(file_id)s, d.row_no, d.ma_dinh_danh, 'ma_dinh_danh_trung_trong_tep', 'ma_dinh_danh',
       d.ma_dinh_danh, 'Mã định danh xuất hiện nhiều lần trong danh sách; giữ dòng ' || d.kept_row_no,
       to_jsonb(d) - 'kept_row_no'
FROM dropped d;
