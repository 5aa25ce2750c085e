-- Dossiers received (hồ sơ tiếp nhận) per handling unit and month, by channel (kênh thực hiện).
-- One row per unit and month: in person (trực tiếp), online (trực tuyến), by post (bưu chính công ích),
-- the total and the online share in percent (2 decimals; a plain share, not the 766 score of indicator 3.3).
-- Month = local month (Asia/Ho_Chi_Minh) of received_at, through received_date_key -> dim_date.
-- A null KenhThucHien is already counted as trực tiếp (channel_code 1; channel_given = false).
SELECT u.unit_code,
       u.name AS unit_name,
       d.year,
       d.month,
       count(*) FILTER (WHERE f.channel_code = 1) AS truc_tiep,
       count(*) FILTER (WHERE f.channel_code = 2) AS truc_tuyen,
       count(*) FILTER (WHERE f.channel_code = 3) AS buu_chinh_cong_ich,
       count(*) AS tong_so,
       round(100.0 * count(*) FILTER (WHERE f.channel_code = 2) / count(*), 2) AS ty_le_truc_tuyen
FROM dw.fact_dossier f
JOIN dw.dim_unit u ON u.unit_key = f.unit_key
JOIN dw.dim_date d ON d.date_key = f.received_date_key
GROUP BY u.unit_code, u.name, d.year, d.month
ORDER BY d.year, d.month, u.unit_code;
