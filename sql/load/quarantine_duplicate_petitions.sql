-- A PAKN code that appears more than once in one file: keep the latest state (then the last row),
-- move the others to quarantine with the row that was kept.
ANALYZE stg_petition;
WITH ranked AS (
    SELECT ctid AS row_id,
           row_number() OVER w AS rank,
           first_value(row_no) OVER w AS kept_row_no
    FROM stg_petition
    WINDOW w AS (PARTITION BY ma_pakn ORDER BY source_event_at DESC, row_no DESC)
), dropped AS (
    DELETE FROM stg_petition s
    USING ranked r
    WHERE s.ctid = r.row_id AND r.rank > 1
    RETURNING s.*, r.kept_row_no
)
INSERT INTO audit.quarantine (load_id, file_id, row_no, record_key, rule, column_name, value, reason, record)
SELECT %(load_id)s, %(file_id)s, d.row_no, d.ma_pakn, 'ma_pakn_trung_trong_tep', 'ma_pakn', d.ma_pakn,
       'Mã PAKN xuất hiện nhiều lần trong tệp; giữ dòng ' || d.kept_row_no,
       to_jsonb(d) - 'kept_row_no'
FROM dropped d;
