-- Status history (lịch sử trạng thái) of one dossier, oldest first: when each status was seen (local time,
-- Asia/Ho_Chi_Minh), its name, the load that recorded it, and which row is the current status of the fact.
-- observed_at is the latest event date of the record that carried the status, not the exact moment of the
-- change. Change the dossier code (mã hồ sơ) in `chosen`.
WITH chosen AS (
    SELECT text '000.35.27.H56-240108-0005' AS ma_ho_so
)
SELECT f.ma_ho_so,
       h.observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS observed_local,
       h.status_code,
       s.name AS trang_thai,
       h.load_id,
       row_number() OVER (ORDER BY h.observed_at DESC, h.load_id DESC) = 1 AS is_current
FROM chosen c
JOIN dw.fact_dossier f ON f.ma_ho_so = c.ma_ho_so
JOIN dw.fact_dossier_status_history h ON h.dossier_key = f.dossier_key
JOIN dw.dim_status s ON s.status_code = h.status_code
ORDER BY h.observed_at, h.load_id;
