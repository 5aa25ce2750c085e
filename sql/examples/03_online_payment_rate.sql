-- Online-payment rate (tỷ lệ hồ sơ thanh toán trực tuyến, close to 766 indicator 3.6) per unit and in total,
-- for dossiers received in a date range: dossiers with a fee (has_fee: fee_amount > 0) that were paid online
-- (paid_online: DuocThanhToanTrucTuyen 1 = Cổng DVCQG or 2 = provincial gateway) / dossiers with a fee,
-- in percent with 2 decimals; null (N/A) when there is no dossier with a fee.
-- The last row (unit_code null) is the total. Change the two dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2024-12-31' AS to_day
)
SELECT u.unit_code,
       CASE WHEN grouping(u.unit_code) = 1 THEN 'Tổng cộng' ELSE min(u.name) END AS unit_name,
       count(*) FILTER (WHERE f.has_fee) AS co_phi_le_phi,
       count(*) FILTER (WHERE f.has_fee AND f.paid_online) AS thanh_toan_truc_tuyen,
       round(100.0 * count(*) FILTER (WHERE f.has_fee AND f.paid_online)
             / nullif(count(*) FILTER (WHERE f.has_fee), 0), 2) AS ty_le_thanh_toan_truc_tuyen
FROM dw.fact_dossier f
JOIN dw.dim_unit u ON u.unit_key = f.unit_key
JOIN dw.dim_date d ON d.date_key = f.received_date_key
CROSS JOIN period p
WHERE d.full_date BETWEEN p.from_day AND p.to_day
GROUP BY GROUPING SETS ((u.unit_code), ())
ORDER BY grouping(u.unit_code), u.unit_code;
