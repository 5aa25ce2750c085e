-- The units directly under a unit (a district's communes) in the chosen reading, with the figures a
-- district report sets side by side, ranked: by the share of QĐ 766 points earned on the indicators that
-- could be computed (score ÷ their maximum), then the on-time rate, then the name.
WITH child AS (
    SELECT DISTINCT unit_code
    FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s AND depth = 1
),
named AS (
    SELECT DISTINCT ON (u.unit_code) u.unit_code, u.name, u.kind
    FROM dw.dim_unit u
    JOIN child c USING (unit_code)
    ORDER BY u.unit_code, u.valid_from DESC
),
points AS (
    SELECT unit_code, sum(score) AS score, sum(max_score) AS max_score
    FROM mart.kpi_766
    WHERE period_code = %(kpi_period_code)s AND restated = %(restated)s AND status = 'tinh_duoc' AND max_score > 0
    GROUP BY unit_code
)
SELECT rank() OVER (ORDER BY p.score / nullif(p.max_score, 0) DESC NULLS LAST,
                             s.ty_le_giai_quyet_dung_han DESC NULLS LAST, n.name) AS rank,
       n.unit_code AS code, n.name, n.kind,
       coalesce(s.tiep_nhan_tong, 0) AS tiep_nhan_tong, coalesce(s.da_giai_quyet_tong, 0) AS da_giai_quyet_tong,
       s.ty_le_giai_quyet_dung_han, s.ty_le_truc_tuyen, s.ty_le_thanh_toan_truc_tuyen,
       p.score AS diem_766, p.max_score AS diem_766_toi_da
FROM named n
LEFT JOIN mart.cchc_summary s
       ON s.unit_code = n.unit_code AND s.calendar = %(calendar)s AND s.period_code = %(period_code)s
      AND s.restated = %(restated)s
LEFT JOIN points p ON p.unit_code = n.unit_code
ORDER BY rank, n.name;
