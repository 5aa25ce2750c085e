-- 0023: figure-level lineage (issue 12): the dossiers behind every figure a report prints, as set-returning
-- functions of schema mart that the analyst role may call. Each takes the reported unit (unit_code: the unit and
-- every unit below it, mart.unit_rollup), the period's first and last day (local days, both included) and the
-- reading (restated: false = as the units were when each dossier was received, true = as they are today), and
-- returns one row per dossier: its code (dossier_code), the unit version that handled it, share (the part of
-- it the unit's figures count: 1, less for a unit split by a reorganisation, restated only), the columns that
-- decide where it is counted, and one boolean per figure, named as the mart column the figure is read from.
-- The sum of share over the rows where a figure's boolean is true is the figure (mart.cchc_summary, mart.bieu06,
-- mart.dossier_month, mart.kpi_766; the data notes count dossiers, not shares).
--
-- The rules are those of the mart refresh (sql/marts/dossier_rows.sql, refresh_bieu06.sql,
-- refresh_dossier_counts.sql, refresh_dossier_month.sql, refresh_cchc_summary.sql, refresh_kpi_766.sql) and of the
-- form's lines (sql/reports/bieu06.sql), written again here over single dossiers; tests/test_figure_lineage.py
-- checks, for every figure of every unit of the sample for a year, that the rows add up to what the report prints.
-- A change of a counting rule must change both (a new migration replacing the functions).
--
--   mart.figure_dossiers          every dossier the report period's figures look at, with every flag (what
--                                 `cchc explain` and the chi-tiet workbook read, one scan for all groups)
--   mart.figure_dossiers_tiep_nhan, _giai_quyet, _dang_giai_quyet, _truc_tuyen, _thanh_toan, _so_hoa, _buu_chinh,
--   _theo_thang                   one figure group each: the rows of mart.figure_dossiers in the group
--   mart.figure_dossiers_kpi766   the QĐ 766 numerators and denominators that count dossiers (a calendar period)
--   mart.figure_petitions         the PAKN of §II.2.3 (dw.fact_petition)
-- SECURITY INVOKER and STABLE: they read dw and mart with the caller's privileges and never restricted (no
-- personal data: dossier and PAKN codes, units, procedures, fields, dates and flags only).

CREATE FUNCTION mart.figure_dossiers(unit_code text, first_day date, last_day date, restated boolean,
                                     certification_fields text[] DEFAULT ARRAY['chứng thực'])
RETURNS TABLE (
    dossier_code text, handling_unit_code text, handling_unit_name text, share numeric,
    procedure_code text, procedure_is_inferred boolean, procedure_has_fee boolean, field_code text, field_name text,
    channel_code smallint, status_code smallint, received_on date, due_on date, finished_on date, end_on date,
    timeliness text, online_level_at_receipt text, has_fee boolean, paid_online boolean, digitised_input boolean,
    returned_by_post boolean, electronic_result boolean, supplement_count smallint,
    is_new boolean, handled_as text, open_as text, bieu06_group text, bieu06_line text,
    tiep_nhan_tong boolean, tiep_nhan_truc_tuyen boolean, tiep_nhan_truc_tiep_bcci boolean, tiep_nhan_ky_truoc boolean,
    tiep_nhan_truc_tiep boolean, tiep_nhan_bcci boolean, nhan_moi boolean, ho_so_chung_thuc boolean,
    da_giai_quyet_tong boolean, da_giai_quyet_truoc_han boolean, da_giai_quyet_dung_han boolean,
    da_giai_quyet_qua_han boolean, da_giai_quyet_rut_dung boolean,
    dang_giai_quyet_tong boolean, dang_giai_quyet_trong_han boolean, dang_giai_quyet_qua_han boolean,
    ho_so_truc_tuyen_mot_phan boolean, ho_so_truc_tuyen_toan_trinh boolean,
    ho_so_co_phi boolean, ho_so_thanh_toan_truc_tuyen boolean,
    ho_so_so_hoa boolean, giai_quyet_trong_ky boolean, ket_qua_dien_tu boolean, tra_ket_qua_bcci boolean,
    ket_thuc boolean, ket_thuc_dung_han boolean,
    khong_co_han boolean, tthc_suy_ra boolean, truc_tuyen_khong_dvctt boolean, thanh_toan_khong_phi boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
-- $1 unit_code, $2 first_day, $3 last_day, $4 restated, $5 certification_fields (lower-case field names)
WITH bounds AS (
    SELECT to_char($2, 'YYYYMMDD')::integer AS first_key, to_char($3, 'YYYYMMDD')::integer AS last_key
),
scope AS (  -- the unit versions the unit's figures count, each with the share counted (mart.unit_rollup)
    SELECT r.unit_key, sum(r.share) AS share
    FROM mart.unit_rollup r
    WHERE r.ancestor_unit_code = $1 AND r.restated = $4
    GROUP BY r.unit_key
),
dossier AS (  -- sql/marts/dossier_rows.sql: statuses 1 and 3 are never counted; end_key = Biểu 06 rule 2
    SELECT f.dossier_code, f.unit_key, f.procedure_key, f.field_key, f.channel_code, f.status_code, f.timeliness,
           f.received_date_key, f.due_date_key, f.finished_date_key, f.online_level_at_receipt, f.has_fee,
           f.paid_online, f.digitised_input, f.returned_by_post, f.electronic_result, f.supplement_count, s.share,
           CASE WHEN f.status_code IN (7, 8, 9, 10)
                THEN coalesce(f.finished_date_key,
                              to_char(f.source_event_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDD')::integer)
           END AS end_key,
           b.first_key, b.last_key
    FROM dw.fact_dossier f
    JOIN scope s ON s.unit_key = f.unit_key
    CROSS JOIN bounds b
    WHERE f.status_code NOT IN (1, 3)
      AND f.unit_key = ANY (ARRAY(SELECT unit_key FROM scope))  -- read through the index on unit_key, not a scan
),
placed AS (
    SELECT d.*,
           d.received_date_key BETWEEN d.first_key AND d.last_key AS is_new,  -- nhận mới
           -- on the period's Biểu 06 (refresh_bieu06.sql rule 1): received by the last day, new or carried over
           d.received_date_key <= d.last_key
               AND (d.received_date_key >= d.first_key OR d.end_key IS NULL OR d.end_key >= d.first_key) AS on_form,
           coalesce(d.end_key <= d.last_key, false) AS has_ended,
           coalesce(d.finished_date_key BETWEEN d.first_key AND d.last_key, false) AS finished,
           coalesce(d.end_key BETWEEN d.first_key AND d.last_key, false) AS ended_in_period
    FROM dossier d
),
relevant AS (
    SELECT p.*
    FROM placed p
    WHERE p.on_form OR p.ended_in_period OR (p.finished AND p.status_code IN (9, 10))
),
classified AS (  -- refresh_bieu06.sql rules 4 and 5
    SELECT r.*,
           CASE WHEN NOT (r.on_form AND r.has_ended) THEN NULL
                WHEN r.status_code IN (7, 8) THEN 'dung_han'
                WHEN r.timeliness IS NOT NULL THEN r.timeliness
                WHEN r.due_date_key IS NULL THEN 'dung_han'
                WHEN r.end_key < r.due_date_key THEN 'truoc_han'
                WHEN r.end_key = r.due_date_key THEN 'dung_han'
                ELSE 'qua_han'
           END AS handled_as,
           CASE WHEN NOT r.on_form OR r.has_ended THEN NULL
                WHEN r.due_date_key IS NULL OR r.due_date_key >= r.last_key THEN 'trong_han'
                ELSE 'qua_han'
           END AS open_as
    FROM relevant r
),
-- the form's lines (sql/reports/bieu06.sql): the cells of mart.bieu06 the dossiers fill, grouped by the level of
-- the handling unit version, by agency where one field name comes from several codes at several units of a level
form_cell AS (
    SELECT DISTINCT c.unit_key, c.field_key FROM classified c WHERE c.on_form
),
counted AS (
    SELECT fc.unit_key, fc.field_key,
           CASE u.level WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3 ELSE 4 END AS level_order,
           u.unit_code, u.valid_from,
           CASE WHEN u.kind IS NULL THEN u.name
                ELSE 'UBND ' || lower(u.kind) || ' ' || CASE WHEN starts_with(lower(u.name), lower(u.kind) || ' ')
                                                            THEN substr(u.name, length(u.kind) + 2) ELSE u.name END
           END AS agency,
           fl.field_code, coalesce(fl.name, 'Lĩnh vực chưa xác định') AS field_name
    FROM form_cell fc
    JOIN dw.dim_unit u ON u.unit_key = fc.unit_key
    LEFT JOIN dw.dim_field fl ON fl.field_key = fc.field_key
),
levels AS (
    SELECT l.level_order,
           CASE l.level_order WHEN 1 THEN 'Cấp tỉnh' WHEN 2 THEN 'Cấp huyện' WHEN 3 THEN 'Cấp xã'
                ELSE 'Đơn vị chưa xác định cấp' END AS level_name,
           count(*) OVER () > 1 AS headed,
           l.level_order IN (SELECT c.level_order FROM counted c GROUP BY c.level_order, c.field_name
                             HAVING count(DISTINCT c.field_code) > 1 AND count(DISTINCT c.unit_code) > 1) AS by_agency
    FROM (SELECT DISTINCT c.level_order FROM counted c) l
),
agencies AS (  -- a unit's name as its latest version in the period writes it
    SELECT DISTINCT ON (c.unit_code) c.unit_code, c.agency FROM counted c ORDER BY c.unit_code, c.valid_from DESC
),
line AS (
    SELECT c.unit_key, c.field_key, c.field_name AS bieu06_line,
           nullif(concat_ws(' – ', CASE WHEN l.headed THEN l.level_name END,
                            CASE WHEN l.by_agency THEN a.agency END), '') AS bieu06_group
    FROM counted c
    JOIN levels l ON l.level_order = c.level_order
    JOIN agencies a ON a.unit_code = c.unit_code
)
SELECT c.dossier_code, u.unit_code, u.name, c.share,
       p.procedure_code, p.is_inferred, p.has_fee, fl.field_code, fl.name,
       c.channel_code, c.status_code,
       to_date(c.received_date_key::text, 'YYYYMMDD'), to_date(c.due_date_key::text, 'YYYYMMDD'),
       to_date(c.finished_date_key::text, 'YYYYMMDD'), to_date(c.end_key::text, 'YYYYMMDD'),
       c.timeliness, c.online_level_at_receipt, c.has_fee, c.paid_online, c.digitised_input, c.returned_by_post,
       c.electronic_result, c.supplement_count,
       c.is_new, c.handled_as, c.open_as,
       CASE WHEN c.on_form THEN ln.bieu06_group END, CASE WHEN c.on_form THEN ln.bieu06_line END,
       -- Biểu 06 (refresh_bieu06.sql rule 3 and the columns of mart.bieu06)
       c.on_form,
       c.on_form AND c.is_new AND c.channel_code = 2,
       c.on_form AND c.is_new AND c.channel_code IN (1, 3),
       c.on_form AND NOT c.is_new,
       -- mart.cchc_summary: trực tiếp = Biểu 06's direct + post less the new postal ones (mart.dossier_counts)
       c.is_new AND c.channel_code = 1,
       c.is_new AND c.channel_code = 3,
       c.is_new,
       c.is_new AND coalesce(lower(fl.name) = ANY($5), false),
       c.on_form AND c.has_ended,
       c.handled_as IS NOT DISTINCT FROM 'truoc_han',
       c.handled_as IS NOT DISTINCT FROM 'dung_han',
       c.handled_as IS NOT DISTINCT FROM 'qua_han',
       c.on_form AND c.has_ended AND c.status_code IN (7, 8),
       c.on_form AND NOT c.has_ended,
       c.open_as IS NOT DISTINCT FROM 'trong_han',
       c.open_as IS NOT DISTINCT FROM 'qua_han',
       -- mart.dossier_counts of the period, summed by mart.cchc_summary
       c.is_new AND c.channel_code = 2 AND c.online_level_at_receipt IS NOT DISTINCT FROM 'mot_phan',
       c.is_new AND c.channel_code = 2 AND c.online_level_at_receipt IS NOT DISTINCT FROM 'toan_trinh',
       c.is_new AND c.has_fee,
       c.is_new AND c.has_fee AND c.paid_online,
       c.is_new AND c.digitised_input,
       c.finished AND c.status_code IN (9, 10),
       c.finished AND c.status_code IN (9, 10) AND c.electronic_result,
       c.finished AND c.status_code IN (9, 10) AND c.returned_by_post,
       -- mart.dossier_month: ended within the period (end day as Biểu 06), and on time by the Biểu 06 rules
       c.ended_in_period,
       c.ended_in_period AND (c.status_code IN (7, 8) OR c.timeliness IN ('truoc_han', 'dung_han')
                              OR (c.timeliness IS NULL AND (c.due_date_key IS NULL OR c.end_key <= c.due_date_key))),
       -- the data notes of a report (sql/reports/quality.sql)
       c.is_new AND c.due_date_key IS NULL,
       c.is_new AND p.is_inferred,
       c.is_new AND c.channel_code = 2 AND c.online_level_at_receipt IS NOT DISTINCT FROM 'khong',
       c.is_new AND c.paid_online AND (NOT c.has_fee OR p.has_fee IS FALSE)
FROM classified c
JOIN dw.dim_unit u ON u.unit_key = c.unit_key
JOIN dw.dim_procedure p ON p.procedure_key = c.procedure_key
LEFT JOIN dw.dim_field fl ON fl.field_key = c.field_key
LEFT JOIN line ln ON ln.unit_key = c.unit_key AND ln.field_key IS NOT DISTINCT FROM c.field_key
$$;
COMMENT ON FUNCTION mart.figure_dossiers IS 'The dossiers behind the figures of a unit''s report for a period (issue 12, figure-level lineage): one row per dossier of the unit and every unit below it (mart.unit_rollup in the reading asked for) that the period''s figures look at: on the period''s Biểu 06 (received by the last day, new or carried over), or ended or resolved within the period. Arguments: unit_code, first_day and last_day (local days, included; an administrative period''s cut-off days for a report), restated (false: as the units were, true: as they are today), certification_fields (lower-case names of the certification fields, config/reports.yaml). Statuses 1 and 3 are never counted. Columns: the dossier, the unit version that handled it (handling_unit_code), share (what the unit''s figures count of it), the columns that decide (channel, dates as local days, end_on = Biểu 06 end day: finished, else the day of the latest event for statuses 7-10, status, timeliness, online level at receipt, fee and payment, digitised, post, electronic result, supplements), the Biểu 06 classification (handled_as, open_as) and line (bieu06_group, bieu06_line: the group heading and the field line of the form as the report prints them), then one boolean per figure, named as the column of mart.bieu06, mart.cchc_summary, mart.dossier_month or mart.dossier_counts (data notes) it is read from: sum(share) FILTER (WHERE <flag>) is the figure; the data notes (khong_co_han, tthc_suy_ra, truc_tuyen_khong_dvctt, thanh_toan_khong_phi) are count(*). Rules: the headers of sql/marts/refresh_*.sql. Example: SELECT sum(share) FILTER (WHERE tiep_nhan_truc_tuyen) FROM mart.figure_dossiers(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true);';

-- ---------------------------------------------------------------- one function per figure group
CREATE FUNCTION mart.figure_dossiers_tiep_nhan(unit_code text, first_day date, last_day date, restated boolean,
                                               certification_fields text[] DEFAULT ARRAY['chứng thực'])
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, field_code text, field_name text,
    channel_code smallint, status_code smallint, received_on date, due_on date, end_on date, is_new boolean,
    bieu06_group text, bieu06_line text,
    tiep_nhan_tong boolean, tiep_nhan_truc_tuyen boolean, tiep_nhan_truc_tiep_bcci boolean, tiep_nhan_truc_tiep boolean,
    tiep_nhan_bcci boolean, tiep_nhan_ky_truoc boolean, nhan_moi boolean, ho_so_chung_thuc boolean,
    khong_co_han boolean, tthc_suy_ra boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.field_code, d.field_name, d.channel_code,
       d.status_code, d.received_on, d.due_on, d.end_on, d.is_new, d.bieu06_group, d.bieu06_line,
       d.tiep_nhan_tong, d.tiep_nhan_truc_tuyen, d.tiep_nhan_truc_tiep_bcci, d.tiep_nhan_truc_tiep, d.tiep_nhan_bcci,
       d.tiep_nhan_ky_truoc, d.nhan_moi, d.ho_so_chung_thuc, d.khong_co_han, d.tthc_suy_ra
FROM mart.figure_dossiers($1, $2, $3, $4, $5) d
WHERE d.tiep_nhan_tong
$$;
COMMENT ON FUNCTION mart.figure_dossiers_tiep_nhan IS 'Figure group tiep_nhan (received, §II.2.2 and Biểu 06 columns 3-6): the dossiers on the period''s Biểu 06 of the unit and every unit below it, with the flags of the received figures (tiep_nhan_tong = on the form; tiep_nhan_truc_tuyen = new, channel 2; tiep_nhan_truc_tiep_bcci = new, channel 1 or 3; tiep_nhan_truc_tiep = new, channel 1; tiep_nhan_bcci = new, channel 3; tiep_nhan_ky_truoc = carried over; nhan_moi = new; ho_so_chung_thuc = new, of a certification field) and of two data notes (khong_co_han = new without a due date; tthc_suy_ra = new, of a procedure missing from the catalogue). Arguments and columns as mart.figure_dossiers. Example: SELECT dossier_code, channel_code, received_on FROM mart.figure_dossiers_tiep_nhan(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE tiep_nhan_truc_tuyen ORDER BY dossier_code;';

CREATE FUNCTION mart.figure_dossiers_giai_quyet(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, field_code text, field_name text,
    status_code smallint, received_on date, due_on date, finished_on date, end_on date, timeliness text,
    handled_as text, bieu06_group text, bieu06_line text,
    da_giai_quyet_tong boolean, da_giai_quyet_truoc_han boolean, da_giai_quyet_dung_han boolean,
    da_giai_quyet_qua_han boolean, da_giai_quyet_rut_dung boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.field_code, d.field_name, d.status_code,
       d.received_on, d.due_on, d.finished_on, d.end_on, d.timeliness, d.handled_as, d.bieu06_group, d.bieu06_line,
       d.da_giai_quyet_tong, d.da_giai_quyet_truoc_han, d.da_giai_quyet_dung_han, d.da_giai_quyet_qua_han,
       d.da_giai_quyet_rut_dung
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.da_giai_quyet_tong
$$;
COMMENT ON FUNCTION mart.figure_dossiers_giai_quyet IS 'Figure group giai_quyet (handled, Biểu 06 columns 7-10): the dossiers on the period''s Biểu 06 that ended (status 7, 8, 9, 10) by its last day, end_on being the Biểu 06 end day, with handled_as (truoc_han, dung_han, qua_han: status 9/10 by timeliness, else by the end day against the due day, without a due date dung_han; 7 and 8 always dung_han) and the flags da_giai_quyet_tong, _truoc_han, _dung_han, _qua_han and da_giai_quyet_rut_dung (withdrawn or stopped, counted handled on time). Arguments and columns as mart.figure_dossiers. Example: SELECT dossier_code, end_on, due_on FROM mart.figure_dossiers_giai_quyet(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE da_giai_quyet_qua_han;';

CREATE FUNCTION mart.figure_dossiers_dang_giai_quyet(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, field_code text, field_name text,
    status_code smallint, received_on date, due_on date, end_on date, open_as text, bieu06_group text,
    bieu06_line text, dang_giai_quyet_tong boolean, dang_giai_quyet_trong_han boolean, dang_giai_quyet_qua_han boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.field_code, d.field_name, d.status_code,
       d.received_on, d.due_on, d.end_on, d.open_as, d.bieu06_group, d.bieu06_line, d.dang_giai_quyet_tong,
       d.dang_giai_quyet_trong_han, d.dang_giai_quyet_qua_han
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.dang_giai_quyet_tong
$$;
COMMENT ON FUNCTION mart.figure_dossiers_dang_giai_quyet IS 'Figure group dang_giai_quyet (in progress, Biểu 06 columns 11-13): the dossiers on the period''s Biểu 06 not ended by its last day (a later end day, or a status other than 7, 8, 9, 10), with open_as (trong_han: no due date or a due day on or after the last day; qua_han: due before it) and the flags dang_giai_quyet_tong, _trong_han, _qua_han. Arguments and columns as mart.figure_dossiers. Example: SELECT dossier_code, due_on FROM mart.figure_dossiers_dang_giai_quyet(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE dang_giai_quyet_qua_han;';

CREATE FUNCTION mart.figure_dossiers_truc_tuyen(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, field_code text,
    channel_code smallint, received_on date, online_level_at_receipt text,
    nhan_moi boolean, tiep_nhan_truc_tuyen boolean, ho_so_truc_tuyen_mot_phan boolean,
    ho_so_truc_tuyen_toan_trinh boolean, truc_tuyen_khong_dvctt boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.field_code, d.channel_code, d.received_on,
       d.online_level_at_receipt, d.nhan_moi, d.tiep_nhan_truc_tuyen, d.ho_so_truc_tuyen_mot_phan,
       d.ho_so_truc_tuyen_toan_trinh, d.truc_tuyen_khong_dvctt
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.nhan_moi
$$;
COMMENT ON FUNCTION mart.figure_dossiers_truc_tuyen IS 'Figure group truc_tuyen (online, §II.6.1): the dossiers received within the period (nhan_moi, the denominator of the online rates), with tiep_nhan_truc_tuyen (channel 2), ho_so_truc_tuyen_mot_phan and ho_so_truc_tuyen_toan_trinh (channel 2 and the procedure''s online level on the day of receipt) and the data note truc_tuyen_khong_dvctt (channel 2 of a procedure then not offered online). Arguments and columns as mart.figure_dossiers. Example: SELECT sum(share) FILTER (WHERE tiep_nhan_truc_tuyen), sum(share) FROM mart.figure_dossiers_truc_tuyen(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true);';

CREATE FUNCTION mart.figure_dossiers_thanh_toan(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, received_on date,
    has_fee boolean, paid_online boolean, procedure_has_fee boolean,
    ho_so_co_phi boolean, ho_so_thanh_toan_truc_tuyen boolean, thanh_toan_khong_phi boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.received_on, d.has_fee, d.paid_online,
       d.procedure_has_fee, d.ho_so_co_phi, d.ho_so_thanh_toan_truc_tuyen, d.thanh_toan_khong_phi
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.ho_so_co_phi OR d.thanh_toan_khong_phi
$$;
COMMENT ON FUNCTION mart.figure_dossiers_thanh_toan IS 'Figure group thanh_toan (online payment, §II.2.2): the dossiers received within the period with a fee (ho_so_co_phi, the denominator) or paid online without one, with ho_so_thanh_toan_truc_tuyen (a fee, paid online: the numerator) and the data note thanh_toan_khong_phi (paid online, no fee in the dossier or in the procedure''s catalogue version). Arguments and columns as mart.figure_dossiers. Example: SELECT dossier_code FROM mart.figure_dossiers_thanh_toan(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE ho_so_co_phi AND NOT ho_so_thanh_toan_truc_tuyen;';

CREATE FUNCTION mart.figure_dossiers_so_hoa(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, status_code smallint,
    received_on date, finished_on date, digitised_input boolean, electronic_result boolean,
    nhan_moi boolean, ho_so_so_hoa boolean, giai_quyet_trong_ky boolean, ket_qua_dien_tu boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.status_code, d.received_on, d.finished_on,
       d.digitised_input, d.electronic_result, d.nhan_moi, d.ho_so_so_hoa, d.giai_quyet_trong_ky, d.ket_qua_dien_tu
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.nhan_moi OR d.giai_quyet_trong_ky
$$;
COMMENT ON FUNCTION mart.figure_dossiers_so_hoa IS 'Figure group so_hoa (digitisation, §II.6.1): the dossiers received within the period (nhan_moi; ho_so_so_hoa = with a digitised component) and those resolved within it (giai_quyet_trong_ky = status 9 or 10 finished within the period, whenever received; ket_qua_dien_tu = with an electronic result). Arguments and columns as mart.figure_dossiers. Example: SELECT sum(share) FILTER (WHERE ket_qua_dien_tu), sum(share) FILTER (WHERE giai_quyet_trong_ky) FROM mart.figure_dossiers_so_hoa(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true);';

CREATE FUNCTION mart.figure_dossiers_buu_chinh(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, channel_code smallint,
    status_code smallint, received_on date, finished_on date, returned_by_post boolean,
    tiep_nhan_bcci boolean, tra_ket_qua_bcci boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.procedure_code, d.channel_code, d.status_code, d.received_on,
       d.finished_on, d.returned_by_post, d.tiep_nhan_bcci, d.tra_ket_qua_bcci
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.tiep_nhan_bcci OR d.tra_ket_qua_bcci
$$;
COMMENT ON FUNCTION mart.figure_dossiers_buu_chinh IS 'Figure group buu_chinh (public post, bưu chính công ích, §II.6.1): the dossiers received within the period by post (tiep_nhan_bcci, channel 3) and those resolved within it whose result was returned by post (tra_ket_qua_bcci). Arguments and columns as mart.figure_dossiers. Example: SELECT dossier_code, received_on FROM mart.figure_dossiers_buu_chinh(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE tiep_nhan_bcci;';

CREATE FUNCTION mart.figure_dossiers_theo_thang(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, status_code smallint, received_on date, due_on date,
    end_on date, timeliness text, received_month date, end_month date,
    nhan_moi boolean, ket_thuc boolean, ket_thuc_dung_han boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
SELECT d.dossier_code, d.handling_unit_code, d.share, d.status_code, d.received_on, d.due_on, d.end_on, d.timeliness,
       CASE WHEN d.nhan_moi THEN date_trunc('month', d.received_on)::date END,
       CASE WHEN d.ket_thuc THEN date_trunc('month', d.end_on)::date END,
       d.nhan_moi, d.ket_thuc, d.ket_thuc_dung_han
FROM mart.figure_dossiers($1, $2, $3, $4) d
WHERE d.nhan_moi OR d.ket_thuc
$$;
COMMENT ON FUNCTION mart.figure_dossiers_theo_thang IS 'Figure group theo_thang (the monthly trend chart, mart.dossier_month): the dossiers received within the period (nhan_moi, month received_month) and those ended within it (ket_thuc: status 7, 8, 9, 10 with the Biểu 06 end day in the period, whenever received, month end_month; ket_thuc_dung_han: withdrawn or stopped, timeliness truoc_han or dung_han, or without timeliness no due date or an end day on or before the due day). Arguments and columns as mart.figure_dossiers. Example: SELECT end_month, sum(share) FILTER (WHERE ket_thuc_dung_han), sum(share) FILTER (WHERE ket_thuc) FROM mart.figure_dossiers_theo_thang(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) GROUP BY 1 ORDER BY 1;';

-- ---------------------------------------------------------------- QĐ 766 (a calendar period)
CREATE FUNCTION mart.figure_dossiers_kpi766(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    dossier_code text, handling_unit_code text, share numeric, procedure_code text, channel_code smallint,
    status_code smallint, received_on date, due_on date, finished_on date, finished_less_wait_on date,
    supplement_count smallint, online_level_at_receipt text, has_fee boolean, paid_online boolean,
    digitised_input boolean, electronic_result boolean, ended_by_last_day boolean,
    nhan_moi boolean, dung_han_766 boolean, nhan_moi_truc_tuyen boolean, muc_do_toan_trinh boolean,
    truc_tuyen_toan_trinh boolean, giai_quyet boolean, giai_quyet_dien_tu boolean, so_hoa boolean, co_phi boolean,
    co_phi_thanh_toan_truc_tuyen boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
-- $1 unit_code, $2 first_day, $3 last_day (a calendar period: QĐ 766 counts by calendar periods), $4 restated
WITH bounds AS (
    SELECT to_char($2, 'YYYYMMDD')::integer AS first_key, to_char($3, 'YYYYMMDD')::integer AS last_key
),
scope AS (
    SELECT r.unit_key, sum(r.share) AS share
    FROM mart.unit_rollup r
    WHERE r.ancestor_unit_code = $1 AND r.restated = $4
    GROUP BY r.unit_key
),
dossier AS (  -- refresh_dossier_counts.sql: ho_so_766 = new or finished within the period; statuses 1 and 3 never
    SELECT f.*, s.share, b.first_key, b.last_key,
           f.received_date_key BETWEEN b.first_key AND b.last_key AS is_new,
           coalesce(f.finished_date_key BETWEEN b.first_key AND b.last_key, false) AS finished,
           coalesce(f.finished_date_key <= b.last_key AND f.status_code IN (7, 8, 9, 10), false) AS ended,
           ((f.finished_at - coalesce(f.supplement_wait_days, 0) * interval '1 day')
               AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS finished_less_wait_on
    FROM dw.fact_dossier f
    JOIN scope s ON s.unit_key = f.unit_key
    CROSS JOIN bounds b
    WHERE f.status_code NOT IN (1, 3)
      AND f.unit_key = ANY (ARRAY(SELECT unit_key FROM scope))  -- read through the index on unit_key
      AND (f.received_date_key BETWEEN b.first_key AND b.last_key
           OR f.finished_date_key BETWEEN b.first_key AND b.last_key)
),
judged AS (  -- QĐ 766 rule 2.1 (dossier_rows.sql ended_in_time_766, refresh_dossier_counts.sql on_time_766)
    SELECT d.*,
           coalesce(CASE WHEN d.ended
                         THEN d.supplement_count <= 1
                              AND d.finished_less_wait_on <= (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                         ELSE d.supplement_count <= 1 AND (d.due_date_key IS NULL OR d.due_date_key >= d.last_key)
                    END, false) AS on_time
    FROM dossier d
)
SELECT j.dossier_code, u.unit_code, j.share, p.procedure_code, j.channel_code, j.status_code,
       to_date(j.received_date_key::text, 'YYYYMMDD'), to_date(j.due_date_key::text, 'YYYYMMDD'),
       to_date(j.finished_date_key::text, 'YYYYMMDD'), j.finished_less_wait_on, j.supplement_count,
       j.online_level_at_receipt, j.has_fee, j.paid_online, j.digitised_input, j.electronic_result, j.ended,
       j.is_new,
       j.is_new AND j.on_time,
       j.is_new AND j.channel_code = 2,
       j.is_new AND j.online_level_at_receipt IS NOT DISTINCT FROM 'toan_trinh',
       j.is_new AND j.channel_code = 2 AND j.online_level_at_receipt IS NOT DISTINCT FROM 'toan_trinh',
       j.finished AND j.status_code IN (9, 10),
       j.finished AND j.status_code IN (9, 10) AND j.electronic_result,
       j.is_new AND j.digitised_input,
       j.is_new AND j.has_fee,
       j.is_new AND j.has_fee AND j.paid_online
FROM judged j
JOIN dw.dim_unit u ON u.unit_key = j.unit_key
JOIN dw.dim_procedure p ON p.procedure_key = j.procedure_key
$$;
COMMENT ON FUNCTION mart.figure_dossiers_kpi766 IS 'Figure group kpi766: the dossiers behind the QĐ 766 numerators and denominators that count dossiers (mart.kpi_766, a calendar period: pass the calendar twin''s days, e.g. 2025-01-01 to 2025-12-31 for a report of nam:2025), of the unit and every unit below it: the dossiers received within the period or finished within it (statuses 1 and 3 never). Flags named as the columns of mart.dossier_counts: nhan_moi (received: the denominator of DOSSIER_ON_TIME, ONLINE_DOSSIER, SO_HOA_GIAY_TO_GIAI_QUYET, DOSSIER_RECEIVING_SATISFACTION), dung_han_766 (on time by rule 2.1: ended by the last day with finished_less_wait_on, the finish less the days waiting for supplements, on or before the due day, or still open and not yet due; more than one supplement request is never on time), nhan_moi_truc_tuyen (ONLINE_DOSSIER), muc_do_toan_trinh and truc_tuyen_toan_trinh (FULL_ONLINE_DOSSIER), giai_quyet and giai_quyet_dien_tu (ORIGINAL_RESULT_AVAILABLE), so_hoa (SO_HOA_GIAY_TO_GIAI_QUYET), co_phi and co_phi_thanh_toan_truc_tuyen (ONLINE_PAYMENT A). mart.kpi_766 stores them rounded to 2 decimals. Example: SELECT sum(share) FILTER (WHERE dung_han_766), sum(share) FILTER (WHERE nhan_moi) FROM mart.figure_dossiers_kpi766(''000.00.21.H56'', ''2025-01-01'', ''2025-12-31'', true);';

-- ---------------------------------------------------------------- PAKN (§II.2.3 when the warehouse holds them)
CREATE FUNCTION mart.figure_petitions(unit_code text, first_day date, last_day date, restated boolean)
RETURNS TABLE (
    petition_code text, dossier_code text, handling_unit_code text, share numeric, received_on date, due_on date,
    handled_on date, handled_on_time boolean, pakn_tiep_nhan boolean, pakn_da_xu_ly boolean, pakn_dung_han boolean)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
-- $1 unit_code, $2 first_day, $3 last_day, $4 restated; the rules of sql/reports/petitions.sql
WITH bounds AS (
    SELECT to_char($2, 'YYYYMMDD')::integer AS first_key, to_char($3, 'YYYYMMDD')::integer AS last_key
),
scope AS (
    SELECT r.unit_key, sum(r.share) AS share
    FROM mart.unit_rollup r
    WHERE r.ancestor_unit_code = $1 AND r.restated = $4
    GROUP BY r.unit_key
)
SELECT p.petition_code, p.dossier_code, u.unit_code, s.share, to_date(p.received_date_key::text, 'YYYYMMDD'),
       to_date(p.due_date_key::text, 'YYYYMMDD'), to_date(p.handled_date_key::text, 'YYYYMMDD'), p.handled_on_time,
       true,
       coalesce(p.handled_date_key <= b.last_key, false),
       coalesce(p.handled_date_key <= b.last_key AND p.handled_on_time, false)
FROM dw.fact_petition p
JOIN scope s ON s.unit_key = p.unit_key
JOIN dw.dim_unit u ON u.unit_key = p.unit_key
CROSS JOIN bounds b
WHERE p.received_date_key BETWEEN b.first_key AND b.last_key
  AND p.unit_key = ANY (ARRAY(SELECT unit_key FROM scope))
$$;
COMMENT ON FUNCTION mart.figure_petitions IS 'Figure group pakn: the PAKN (phản ánh, kiến nghị, dw.fact_petition) behind §II.2.3 of a unit''s report when the warehouse holds PAKN of its scope (sql/reports/petitions.sql): received within the period by the unit or a unit below it (pakn_tiep_nhan), of those handled by the last day (pakn_da_xu_ly) and handled on time (pakn_dung_han), each with the share the unit counts. No sender and no text: the PAKN code, the dossier it names, the unit and the days. Example: SELECT petition_code, handled_on FROM mart.figure_petitions(''000.00.21.H56'', ''2024-12-15'', ''2025-12-14'', true) WHERE NOT pakn_da_xu_ly;';

-- the analyst role calls them (SELECT on what they read is granted in 0001-0021); nobody else needs to
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'mart'::regnamespace AND p.proname LIKE 'figure\_%'
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO analyst', f);
    END LOOP;
END
$$;
