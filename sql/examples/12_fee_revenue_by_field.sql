-- Fees and charges (phí, lệ phí) per field (lĩnh vực) and year of receipt: the dossiers with a fee, the total
-- fees in đồng, and the part paid online (thanh toán trực tuyến) in đồng and in percent of the total (2
-- decimals). Only fields with a fee in the year; the row "Tổng cộng" (field_code null) is the year's total.
-- Amounts are what the dossiers carried (DanhSachLePhi), not the treasury's receipts.
-- Year = local year of receipt. Reads mart.dossier_detail; change the dates in `period`.
WITH period AS (
    SELECT date '2024-01-01' AS from_day, date '2026-06-30' AS to_day
)
SELECT extract(year FROM d.received_on)::integer AS year,
       d.field_code,
       CASE WHEN grouping(d.field_code) = 1 THEN 'Tổng cộng'
            ELSE coalesce(min(d.field_name), '(không rõ lĩnh vực)') END AS field_name,
       count(*) AS ho_so_co_phi,
       sum(d.fee_amount) AS tong_phi_le_phi,
       coalesce(sum(d.fee_amount) FILTER (WHERE d.paid_online), 0) AS thu_truc_tuyen,
       round(100.0 * coalesce(sum(d.fee_amount) FILTER (WHERE d.paid_online), 0) / sum(d.fee_amount), 2)
           AS ty_le_thu_truc_tuyen
FROM mart.dossier_detail d
CROSS JOIN period p
WHERE d.has_fee
  AND d.received_on BETWEEN p.from_day AND p.to_day
GROUP BY GROUPING SETS ((extract(year FROM d.received_on)), (extract(year FROM d.received_on), d.field_code))
ORDER BY year, grouping(d.field_code), d.field_code NULLS LAST;
