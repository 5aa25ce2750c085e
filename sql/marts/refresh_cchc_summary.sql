-- Refresh mart.cchc_summary (the figures a CCHC report quotes) for one report period: delete the period's
-- rows, insert one row per reported unit (every unit code of mart.unit_rollup) and reading (restated).
-- Parameters: %(calendar)s, %(period_code)s, %(first_day)s, %(last_day)s, %(certification_fields)s (text[]
-- of lower-case field names, config/reports.yaml). Reads mart.bieu06 (through mart.bieu06_rollup), whose rows
-- give the received / resolved / in-progress figures, so the report and its Biểu 06 can never disagree, and
-- mart.dossier_counts (the period's dossiers per unit version, procedure and field) for the others, both of the
-- same period and brought up to date first (etl.marts): it never scans dw.fact_dossier. Rules of the other
-- columns: see their comments and the header of sql/marts/refresh_dossier_counts.sql. A count is the sum of the
-- units' counts weighted by share (a restated split unit), written as the sum of the dossiers' shares would be.
DELETE FROM mart.cchc_summary WHERE calendar = %(calendar)s AND period_code = %(period_code)s;

INSERT INTO mart.cchc_summary (
    calendar, period_code, period_first_day, period_last_day, restated, unit_code,
    tiep_nhan_tong, tiep_nhan_truc_tuyen, tiep_nhan_truc_tiep, tiep_nhan_bcci, tiep_nhan_ky_truoc,
    da_giai_quyet_tong, da_giai_quyet_truoc_han, da_giai_quyet_dung_han, da_giai_quyet_qua_han,
    dang_giai_quyet_tong, dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, ty_le_giai_quyet_dung_han,
    da_giai_quyet_rut_dung, nhan_moi, ty_le_truc_tuyen, ho_so_truc_tuyen_mot_phan, ty_le_truc_tuyen_mot_phan,
    ho_so_truc_tuyen_toan_trinh, ty_le_truc_tuyen_toan_trinh, ho_so_co_phi, ho_so_thanh_toan_truc_tuyen,
    ty_le_thanh_toan_truc_tuyen, ho_so_chung_thuc, ho_so_so_hoa, ty_le_so_hoa_ho_so,
    giai_quyet_trong_ky, tra_ket_qua_bcci, ket_qua_dien_tu, ty_le_so_hoa_ket_qua,
    so_tthc, so_linh_vuc, so_tthc_mot_cua, so_tthc_lien_thong, so_tthc_toan_trinh, so_tthc_mot_phan,
    so_tthc_co_ho_so)
WITH scope AS (
    SELECT restated, ancestor_unit_code AS unit_code, unit_key, sum(share) AS share
    FROM mart.unit_rollup
    GROUP BY 1, 2, 3
),
form AS (  -- Biểu 06 of the unit and everything below it: mart.bieu06_rollup, all fields together
    SELECT restated, unit_code,
           sum(tiep_nhan_truc_tuyen) AS truc_tuyen,
           sum(tiep_nhan_truc_tiep_bcci) AS truc_tiep_bcci,
           sum(tiep_nhan_ky_truoc) AS ky_truoc,
           sum(da_giai_quyet_truoc_han) AS truoc_han,
           sum(da_giai_quyet_dung_han) AS dung_han,
           sum(da_giai_quyet_qua_han) AS qua_han,
           sum(dang_giai_quyet_trong_han) AS dang_trong_han,
           sum(dang_giai_quyet_qua_han) AS dang_qua_han
    FROM mart.bieu06_rollup
    WHERE calendar = %(calendar)s AND period_code = %(period_code)s
    GROUP BY restated, unit_code
),
counts AS (  -- the period's dossiers per unit version, procedure and field (mart.dossier_counts)
    SELECT c.*, p.procedure_code,
           coalesce(lower(fl.name) = ANY(%(certification_fields)s::text[]), false) AS is_certification
    FROM mart.dossier_counts c
    JOIN dw.dim_procedure p USING (procedure_key)
    LEFT JOIN dw.dim_field fl ON fl.field_key = c.field_key
    WHERE c.calendar = %(calendar)s AND c.period_code = %(period_code)s
),
counted AS (
    SELECT s.restated, s.unit_code,
           coalesce(sum(c.nhan_moi_bcci * s.share) FILTER (WHERE c.nhan_moi_bcci <> 0), 0) AS bcci,
           coalesce(sum(c.truc_tuyen_mot_phan * s.share) FILTER (WHERE c.truc_tuyen_mot_phan <> 0), 0)
               AS truc_tuyen_mot_phan,
           coalesce(sum(c.truc_tuyen_toan_trinh * s.share) FILTER (WHERE c.truc_tuyen_toan_trinh <> 0), 0)
               AS truc_tuyen_toan_trinh,
           coalesce(sum(c.co_phi * s.share) FILTER (WHERE c.co_phi <> 0), 0) AS co_phi,
           coalesce(sum(c.co_phi_thanh_toan_truc_tuyen * s.share) FILTER (WHERE c.co_phi_thanh_toan_truc_tuyen <> 0), 0)
               AS thanh_toan_truc_tuyen,
           coalesce(sum(c.nhan_moi * s.share) FILTER (WHERE c.nhan_moi <> 0 AND c.is_certification), 0) AS chung_thuc,
           coalesce(sum(c.so_hoa * s.share) FILTER (WHERE c.so_hoa <> 0), 0) AS so_hoa,
           coalesce(sum(c.giai_quyet * s.share) FILTER (WHERE c.giai_quyet <> 0), 0) AS giai_quyet,
           coalesce(sum(c.giai_quyet_bcci * s.share) FILTER (WHERE c.giai_quyet_bcci <> 0), 0) AS tra_bcci,
           coalesce(sum(c.giai_quyet_dien_tu * s.share) FILTER (WHERE c.giai_quyet_dien_tu <> 0), 0) AS dien_tu,
           sum(c.rut_dung * s.share) FILTER (WHERE c.rut_dung <> 0) AS rut_dung
    FROM counts c
    JOIN scope s USING (unit_key)
    GROUP BY s.restated, s.unit_code
),
scope_level AS (
    SELECT DISTINCT s.restated, s.unit_code, u.level
    FROM scope s
    JOIN dw.dim_unit u USING (unit_key)
    WHERE u.level IS NOT NULL
),
used AS (  -- procedures with a new dossier of the period in the scope
    SELECT DISTINCT s.restated, s.unit_code, c.procedure_code
    FROM counts c
    JOIN scope s USING (unit_key)
    WHERE c.nhan_moi <> 0
),
catalogue AS (  -- the catalogue in force on the last day, for the levels in the unit's scope; "with dossiers"
                -- counts procedures of this same set, so it never exceeds the number of procedures
    SELECT l.restated, l.unit_code,
           count(*) AS tthc,
           count(x.procedure_code) AS co_ho_so,
           count(DISTINCT p.field_key) AS linh_vuc,
           count(*) FILTER (WHERE NOT p.is_interconnected) AS mot_cua,
           count(*) FILTER (WHERE p.is_interconnected) AS lien_thong,
           count(*) FILTER (WHERE p.online_level = 'toan_trinh') AS toan_trinh,
           count(*) FILTER (WHERE p.online_level = 'mot_phan') AS mot_phan
    FROM scope_level l
    JOIN dw.dim_procedure p ON p.level = l.level AND NOT p.is_inferred
         AND %(last_day)s::date >= p.valid_from AND %(last_day)s::date < p.valid_to
    LEFT JOIN used x ON x.restated = l.restated AND x.unit_code = l.unit_code AND x.procedure_code = p.procedure_code
    GROUP BY l.restated, l.unit_code
),
figures AS (
    SELECT u.restated, u.unit_code,
           coalesce(f.truc_tuyen, 0) AS truc_tuyen,
           coalesce(f.truc_tiep_bcci, 0) - coalesce(c.bcci, 0) AS truc_tiep,
           coalesce(c.bcci, 0) AS bcci,
           coalesce(f.ky_truoc, 0) AS ky_truoc,
           coalesce(f.truoc_han, 0) AS truoc_han, coalesce(f.dung_han, 0) AS dung_han,
           coalesce(f.qua_han, 0) AS qua_han,
           coalesce(f.dang_trong_han, 0) AS dang_trong_han, coalesce(f.dang_qua_han, 0) AS dang_qua_han,
           coalesce(c.truc_tuyen_mot_phan, 0) AS truc_tuyen_mot_phan,
           coalesce(c.truc_tuyen_toan_trinh, 0) AS truc_tuyen_toan_trinh,
           coalesce(c.co_phi, 0) AS co_phi, coalesce(c.thanh_toan_truc_tuyen, 0) AS thanh_toan_truc_tuyen,
           coalesce(c.chung_thuc, 0) AS chung_thuc, coalesce(c.so_hoa, 0) AS so_hoa,
           coalesce(c.giai_quyet, 0) AS giai_quyet, coalesce(c.tra_bcci, 0) AS tra_bcci,
           coalesce(c.dien_tu, 0) AS dien_tu, coalesce(k.co_ho_so, 0) AS tthc_co_ho_so,
           coalesce(k.tthc, 0) AS tthc, coalesce(k.linh_vuc, 0) AS linh_vuc, coalesce(k.mot_cua, 0) AS mot_cua,
           coalesce(c.rut_dung, 0) AS rut_dung,
           coalesce(k.lien_thong, 0) AS lien_thong, coalesce(k.toan_trinh, 0) AS toan_trinh,
           coalesce(k.mot_phan, 0) AS mot_phan
    FROM (SELECT DISTINCT restated, unit_code FROM scope) u
    LEFT JOIN form f USING (restated, unit_code)
    LEFT JOIN counted c USING (restated, unit_code)
    LEFT JOIN catalogue k USING (restated, unit_code)
)
SELECT %(calendar)s, %(period_code)s, %(first_day)s::date, %(last_day)s::date, restated, unit_code,
       truc_tuyen + truc_tiep + bcci + ky_truoc, truc_tuyen, truc_tiep, bcci, ky_truoc,
       truoc_han + dung_han + qua_han, truoc_han, dung_han, qua_han,
       dang_trong_han + dang_qua_han, dang_trong_han, dang_qua_han,
       round(100 * (truoc_han + dung_han) / nullif(truoc_han + dung_han + qua_han, 0), 2),
       rut_dung, truc_tuyen + truc_tiep + bcci,
       round(100 * truc_tuyen / nullif(truc_tuyen + truc_tiep + bcci, 0), 2),
       truc_tuyen_mot_phan, round(100 * truc_tuyen_mot_phan / nullif(truc_tuyen + truc_tiep + bcci, 0), 2),
       truc_tuyen_toan_trinh, round(100 * truc_tuyen_toan_trinh / nullif(truc_tuyen + truc_tiep + bcci, 0), 2),
       co_phi, thanh_toan_truc_tuyen, round(100 * thanh_toan_truc_tuyen / nullif(co_phi, 0), 2),
       chung_thuc, so_hoa, round(100 * so_hoa / nullif(truc_tuyen + truc_tiep + bcci, 0), 2),
       giai_quyet, tra_bcci, dien_tu, round(100 * dien_tu / nullif(giai_quyet, 0), 2),
       tthc, linh_vuc, mot_cua, lien_thong, toan_trinh, mot_phan, tthc_co_ho_so
FROM figures;
