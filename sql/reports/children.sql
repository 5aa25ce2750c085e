-- The rows of a district's or the province's ranking table (Bảng 2): the units directly under the reported
-- unit in the report's reading (mart.unit_rollup depth 1 with the report's restated flag), each with:
--   * counts and rates of mart.cchc_summary for the report period (administrative calendar, Biểu 06 rules),
--     in the same reading; the counts behind the rates too, so that the table adds up to the report's totals
--     (the reported unit's own dossiers are the total less these rows: etl.reports.wording);
--   * the points of mart.kpi_766 for the calendar twin (kpi_period_code): the sum of scores and of maxima of
--     the indicators computed for the unit (status tinh_duoc, maximum > 0), and their share in percent;
--   * since: the unit's first day, when it began inside the period and the figures are as units were (a new
--     unit then holds only its own days; restated, it carries its predecessors' figures for the whole period);
--   * until: the unit's last day, when it ended inside the period before the reported unit did (dissolved or
--     merged away, e.g. huyện Hoằng Hóa on 30/06/2025 in the province's 2025 report). Such a unit is listed
--     apart, not ranked (rank null). The communes of a dissolved district, in that district's own report,
--     ended with it and are ranked among themselves.
-- Rank: rank() over the share of points only (score ÷ maximum of the computed indicators, percent rounded to
-- 2 decimals): equal share, equal rank; a unit without a computed indicator comes after every unit with one
-- (all such units share that rank). Ties are listed by name. A unit that did not exist at any time of the
-- period and has nothing on its Biểu 06 is left out.
WITH child AS (
    SELECT DISTINCT unit_code
    FROM mart.unit_rollup
    WHERE restated = %(restated)s AND ancestor_unit_code = %(unit_code)s AND depth = 1
),
life AS (  -- the days a unit existed: the start of its first version, the end (exclusive) of its last one
    SELECT unit_code, min(valid_from) AS first_day, max(valid_to) AS end_day
    FROM dw.dim_unit
    WHERE unit_code IN (SELECT unit_code FROM child) OR unit_code = %(unit_code)s
    GROUP BY unit_code
),
reported AS (  -- the end of the reported unit within the period (the day after the last day it counts)
    SELECT least(end_day, %(last_day)s::date + 1) AS end_day FROM life WHERE unit_code = %(unit_code)s
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
),
unit_row AS (
    SELECT n.unit_code AS code, n.name, n.kind,
           coalesce(s.tiep_nhan_tong, 0) AS tiep_nhan_tong, coalesce(s.da_giai_quyet_tong, 0) AS da_giai_quyet_tong,
           coalesce(s.da_giai_quyet_truoc_han, 0) AS da_giai_quyet_truoc_han,
           coalesce(s.da_giai_quyet_dung_han, 0) AS da_giai_quyet_dung_han,
           coalesce(s.nhan_moi, 0) AS nhan_moi, coalesce(s.tiep_nhan_truc_tuyen, 0) AS tiep_nhan_truc_tuyen,
           coalesce(s.ho_so_co_phi, 0) AS ho_so_co_phi,
           coalesce(s.ho_so_thanh_toan_truc_tuyen, 0) AS ho_so_thanh_toan_truc_tuyen,
           s.ty_le_giai_quyet_dung_han, s.ty_le_truc_tuyen, s.ty_le_thanh_toan_truc_tuyen,
           p.score AS diem_766, p.max_score AS diem_766_toi_da,
           round(100 * p.score / nullif(p.max_score, 0), 2) AS share,
           CASE WHEN NOT %(restated)s AND l.first_day > %(first_day)s::date THEN l.first_day END AS since,
           CASE WHEN least(l.end_day, %(last_day)s::date + 1) < r.end_day THEN l.end_day - 1 END AS until
    FROM named n
    JOIN life l USING (unit_code)
    CROSS JOIN reported r
    LEFT JOIN mart.cchc_summary s
           ON s.unit_code = n.unit_code AND s.calendar = %(calendar)s AND s.period_code = %(period_code)s
          AND s.restated = %(restated)s
    LEFT JOIN points p ON p.unit_code = n.unit_code
    WHERE coalesce(s.tiep_nhan_tong, 0) <> 0
       OR (l.first_day <= %(last_day)s::date AND l.end_day > %(first_day)s::date)
)
SELECT CASE WHEN until IS NULL
            THEN rank() OVER (PARTITION BY until IS NULL ORDER BY share DESC NULLS LAST) END AS rank,
       *
FROM unit_row
ORDER BY until IS NOT NULL, rank, share DESC NULLS LAST, name;
