-- A district and each of its communes side by side for one report period (mart.cchc_summary): received,
-- resolved, on-time and online rates, online payment; the district's row counts each of its dossiers once.
-- Run `cchc mart refresh --period thang:2024-01` first; change the period and the district code in `chosen`.
-- "As the units are today" (restated); set restated to false for the units as they were.
WITH chosen AS (
    SELECT 'hanh_chinh'::text AS calendar, 'thang:2024-01'::text AS period_code, '000.00.27.H56'::text AS district,
           true AS restated
),
member AS (
    SELECT DISTINCT r.unit_code, r.depth
    FROM mart.unit_rollup r
    JOIN chosen c ON r.restated = c.restated AND r.ancestor_unit_code = c.district
    WHERE r.depth <= 1
)
SELECT m.depth AS cap_duoi, s.unit_code,
       (SELECT u.name FROM dw.dim_unit u WHERE u.unit_code = s.unit_code ORDER BY u.valid_from DESC LIMIT 1) AS ten,
       s.tiep_nhan_tong, s.da_giai_quyet_tong, s.ty_le_giai_quyet_dung_han, s.ty_le_truc_tuyen,
       s.ho_so_co_phi, s.ty_le_thanh_toan_truc_tuyen
FROM mart.cchc_summary s
JOIN chosen c USING (calendar, period_code, restated)
JOIN member m ON m.unit_code = s.unit_code
ORDER BY m.depth, s.tiep_nhan_tong DESC, s.unit_code;
