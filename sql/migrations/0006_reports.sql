-- 0006: what the periodic reports need.
-- audit.report_delivery: every e-mail delivery of a report (one row per attempt), so that a report is sent
-- once unless forced.

CREATE TABLE audit.report_delivery (
    delivery_id  bigserial   PRIMARY KEY,
    unit_code    text        NOT NULL,
    period_code  text        NOT NULL,
    restated     boolean     NOT NULL,
    recipients   text[]      NOT NULL CHECK (cardinality(recipients) > 0),
    files        jsonb       NOT NULL,
    status       text        NOT NULL CHECK (status IN ('dang_gui', 'da_gui', 'loi')),
    forced       boolean     NOT NULL DEFAULT false,
    error        text,
    message_id   text,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    CHECK (status = 'dang_gui' OR finished_at IS NOT NULL),
    CHECK (status <> 'loi' OR error IS NOT NULL)
);
CREATE INDEX report_delivery_report ON audit.report_delivery (unit_code, period_code, restated);
COMMENT ON TABLE audit.report_delivery IS 'Each e-mail delivery of a periodic report (one row per attempt): a report (unit_code, period_code, restated) that has a da_gui row is not sent again unless forced.';
COMMENT ON COLUMN audit.report_delivery.files IS 'The attachments as archived: [{"name", "sha256", "bytes", "archive_path"}].';
COMMENT ON COLUMN audit.report_delivery.status IS 'dang_gui = being sent (left so if the process died); da_gui = accepted by the SMTP server; loi = failed (error says why).';
COMMENT ON COLUMN audit.report_delivery.message_id IS 'Message-ID header of the e-mail sent.';

-- ---------------------------------------------------------------- roll-up of units
-- A report for a district or the province counts the dossiers of the unit and of every unit below it, each
-- dossier once. mart.unit_rollup lists, for every unit code, the unit versions whose dossiers it counts, in
-- the two readings of a period that straddles a reorganisation (restated = false: as the units were when
-- each dossier was received; true: as the units are today, through dw.unit_restatement).
CREATE VIEW mart.unit_rollup AS
WITH RECURSIVE chain (unit_key, ancestor_key, depth) AS (
    SELECT unit_key, unit_key, 0 FROM dw.dim_unit
    UNION ALL
    SELECT c.unit_key, a.parent_unit_key, c.depth + 1
    FROM chain c
    JOIN dw.dim_unit a ON a.unit_key = c.ancestor_key
    WHERE a.parent_unit_key IS NOT NULL AND c.depth < 10
),
standing AS (  -- the version that stands for a code today: the current one, else the last one
    SELECT DISTINCT ON (unit_code) unit_code, unit_key FROM dw.dim_unit ORDER BY unit_code, valid_from DESC
)
SELECT false AS restated, a.unit_code AS ancestor_unit_code, c.depth, u.unit_code, c.unit_key,
       1::numeric AS share
FROM chain c
JOIN dw.dim_unit a ON a.unit_key = c.ancestor_key
JOIN dw.dim_unit u ON u.unit_key = c.unit_key
UNION ALL
SELECT true, a.unit_code, c.depth, r.current_unit_code, d.unit_key, r.share
FROM dw.dim_unit d
JOIN dw.unit_restatement r ON r.unit_code = d.unit_code
JOIN standing s ON s.unit_code = r.current_unit_code
JOIN chain c ON c.unit_key = s.unit_key
JOIN dw.dim_unit a ON a.unit_key = c.ancestor_key;
COMMENT ON VIEW mart.unit_rollup IS 'Which unit versions a unit''s figures include (roll-up to district and province without double counting): sum a measure of the rows whose unit_key is listed for (restated, ancestor_unit_code), weighted by share. Each unit version has one parent chain, so each dossier counts once at each level.';
COMMENT ON COLUMN mart.unit_rollup.restated IS 'false: units as they were when each dossier was received (the version''s own parent chain); true: as the units are today (dw.unit_restatement, then today''s parent chain).';
COMMENT ON COLUMN mart.unit_rollup.ancestor_unit_code IS 'The unit reported on (mã định danh): itself (depth 0) or a unit above the counted one.';
COMMENT ON COLUMN mart.unit_rollup.depth IS 'Levels between the counted unit (as it stands in this reading) and ancestor_unit_code: 0 = the unit itself, 1 = a direct child (a district''s communes).';
COMMENT ON COLUMN mart.unit_rollup.unit_code IS 'The counted unit as it stands in this reading: the unit_key''s own code (restated = false) or the unit of today that carries its figures (restated = true). Group by it with depth = 1 to list a unit''s children.';
COMMENT ON COLUMN mart.unit_rollup.unit_key IS 'dw.dim_unit.unit_key of a unit version whose dossiers (fact_dossier.unit_key, mart.bieu06.unit_key) count for ancestor_unit_code.';
COMMENT ON COLUMN mart.unit_rollup.share IS 'Share of that version''s figures counted (1 = all; less for a unit split by a reorganisation, restated = true only).';

-- Biểu 06 of a unit with everything below it: the per-unit rows of mart.bieu06 summed through mart.unit_rollup.
CREATE VIEW mart.bieu06_rollup AS
SELECT b.calendar, b.period_code, b.period_first_day, b.period_last_day, r.restated,
       r.ancestor_unit_code AS unit_code, b.field_key, b.ma_linh_vuc, b.ten_linh_vuc,
       sum(b.tiep_nhan_tong * r.share) AS tiep_nhan_tong,
       sum(b.tiep_nhan_truc_tuyen * r.share) AS tiep_nhan_truc_tuyen,
       sum(b.tiep_nhan_truc_tiep_bcci * r.share) AS tiep_nhan_truc_tiep_bcci,
       sum(b.tiep_nhan_ky_truoc * r.share) AS tiep_nhan_ky_truoc,
       sum(b.da_giai_quyet_tong * r.share) AS da_giai_quyet_tong,
       sum(b.da_giai_quyet_truoc_han * r.share) AS da_giai_quyet_truoc_han,
       sum(b.da_giai_quyet_dung_han * r.share) AS da_giai_quyet_dung_han,
       sum(b.da_giai_quyet_qua_han * r.share) AS da_giai_quyet_qua_han,
       sum(b.dang_giai_quyet_tong * r.share) AS dang_giai_quyet_tong,
       sum(b.dang_giai_quyet_trong_han * r.share) AS dang_giai_quyet_trong_han,
       sum(b.dang_giai_quyet_qua_han * r.share) AS dang_giai_quyet_qua_han
FROM mart.bieu06 b
JOIN mart.unit_rollup r ON r.unit_key = b.unit_key
GROUP BY b.calendar, b.period_code, b.period_first_day, b.period_last_day, r.restated, r.ancestor_unit_code,
         b.field_key, b.ma_linh_vuc, b.ten_linh_vuc;
COMMENT ON VIEW mart.bieu06_rollup IS 'Biểu số 06 of a unit together with every unit below it (a district''s or the province''s form), per field: mart.bieu06 summed through mart.unit_rollup; filter on calendar, period_code, restated and unit_code. Columns as in mart.bieu06 (numeric: a restated split unit may carry a share).';

-- the view's columns mean what they mean in mart.bieu06; copy those comments, then the two of its own
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT a.attname, col_description('mart.bieu06'::regclass, a.attnum) AS description
             FROM pg_attribute a
             JOIN pg_attribute v ON v.attrelid = 'mart.bieu06_rollup'::regclass AND v.attname = a.attname
             WHERE a.attrelid = 'mart.bieu06'::regclass AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE format('COMMENT ON COLUMN mart.bieu06_rollup.%I IS %L', c.attname, c.description);
    END LOOP;
END
$$;
COMMENT ON COLUMN mart.bieu06_rollup.restated IS 'false: as the units were when each dossier was received; true: as the units are today (mart.unit_rollup).';
COMMENT ON COLUMN mart.bieu06_rollup.unit_code IS 'The reported unit (mã định danh): the sum of its own rows of mart.bieu06 and those of every unit below it.';

-- ---------------------------------------------------------------- QĐ 766 at the grain of a reported unit
-- 0005 kept one row per receiving unit version; the indicators are ratios and ONLINE_PAYMENT counts distinct
-- procedures, which cannot be summed upwards, so a district's or the province's indicators are computed from
-- its dossiers directly. The table is a mart (refreshed from dw): it is recreated empty.
DROP TABLE mart.kpi_766;
CREATE TABLE mart.kpi_766 (
    period_code      text          NOT NULL,
    period_first_day date          NOT NULL,
    period_last_day  date          NOT NULL,
    restated         boolean       NOT NULL,
    unit_code        text          NOT NULL,
    weighting        text          NOT NULL,
    indicator_code   text          NOT NULL,
    numerator        numeric(12, 2),
    denominator      numeric(12, 2),
    ratio            numeric(7, 2),
    score            numeric(6, 2),
    max_score        numeric(5, 2) NOT NULL,
    status           text          NOT NULL CHECK (status IN ('tinh_duoc', 'khong_phat_sinh', 'thieu_du_lieu')),
    refreshed_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (period_code, unit_code, restated, indicator_code),
    CHECK (status <> 'thieu_du_lieu' OR (ratio IS NULL AND score IS NULL)),
    CHECK (score IS NULL OR score BETWEEN 0 AND max_score)
);
COMMENT ON TABLE mart.kpi_766 IS 'QĐ 766 indicators per calendar period (tháng, quý, 6/9 tháng, năm) and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units: numerator, denominator, ratio (%, 2 decimals), score and maximum under the weighting in force. An indicator the warehouse has no data for is thieu_du_lieu with no ratio and no score, never 0. Rows exist for units with at least one dossier in the period.';
COMMENT ON COLUMN mart.kpi_766.period_code IS 'Calendar period (kỳ theo lịch, as the QĐ 766 portal counts): thang:YYYY-MM, quy:YYYY-Q, 6thang:YYYY, 9thang:YYYY, nam:YYYY.';
COMMENT ON COLUMN mart.kpi_766.period_first_day IS 'First day of the period.';
COMMENT ON COLUMN mart.kpi_766.period_last_day IS 'Last day of the period.';
COMMENT ON COLUMN mart.kpi_766.restated IS 'false: dossiers counted at the units as they were when received; true: as the units are today (mart.unit_rollup).';
COMMENT ON COLUMN mart.kpi_766.unit_code IS 'The reported unit (mã định danh, dim_unit.unit_code): its own dossiers and those of every unit below it. A commune''s row counts its own dossiers only.';
COMMENT ON COLUMN mart.kpi_766.weighting IS 'mart.kpi_766_indicator.weighting used for the score.';
COMMENT ON COLUMN mart.kpi_766.indicator_code IS 'mart.kpi_766_indicator.indicator_code.';
COMMENT ON COLUMN mart.kpi_766.numerator IS 'Numerator (tử số) of the ratio; for ONLINE_PAYMENT the dossiers paid online (A''s numerator). Decimal only where a restated split unit carries a share.';
COMMENT ON COLUMN mart.kpi_766.denominator IS 'Denominator (mẫu số); 0 makes the status khong_phat_sinh.';
COMMENT ON COLUMN mart.kpi_766.ratio IS 'numerator ÷ denominator in percent, rounded to 2 decimals; null when missing or when the denominator is 0.';
COMMENT ON COLUMN mart.kpi_766.score IS 'Score (điểm) by the indicator''s score_rule, 2 decimals; null when missing, when the denominator is 0, or for monitoring-only indicators.';
COMMENT ON COLUMN mart.kpi_766.max_score IS 'Maximum score of the indicator in the weighting used.';
COMMENT ON COLUMN mart.kpi_766.status IS 'tinh_duoc = computed; khong_phat_sinh = no dossier in the denominator; thieu_du_lieu = the warehouse has no data for this indicator.';
COMMENT ON COLUMN mart.kpi_766.refreshed_at IS 'When the row was computed.';

-- ---------------------------------------------------------------- the figures a CCHC report quotes
CREATE TABLE mart.cchc_summary (
    calendar                    text     NOT NULL CHECK (calendar IN ('hanh_chinh', 'lich')),
    period_code                 text     NOT NULL,
    period_first_day            date     NOT NULL,
    period_last_day             date     NOT NULL,
    restated                    boolean  NOT NULL,
    unit_code                   text     NOT NULL,
    tiep_nhan_tong              numeric NOT NULL,
    tiep_nhan_truc_tuyen        numeric NOT NULL,
    tiep_nhan_truc_tiep         numeric NOT NULL,
    tiep_nhan_bcci              numeric NOT NULL,
    tiep_nhan_ky_truoc          numeric NOT NULL,
    da_giai_quyet_tong          numeric NOT NULL,
    da_giai_quyet_truoc_han     numeric NOT NULL,
    da_giai_quyet_dung_han      numeric NOT NULL,
    da_giai_quyet_qua_han       numeric NOT NULL,
    dang_giai_quyet_tong        numeric NOT NULL,
    dang_giai_quyet_trong_han   numeric NOT NULL,
    dang_giai_quyet_qua_han     numeric NOT NULL,
    ty_le_giai_quyet_dung_han   numeric(5, 2),
    nhan_moi                    numeric NOT NULL,
    ty_le_truc_tuyen            numeric(5, 2),
    ho_so_truc_tuyen_mot_phan   numeric NOT NULL,
    ty_le_truc_tuyen_mot_phan   numeric(5, 2),
    ho_so_truc_tuyen_toan_trinh numeric NOT NULL,
    ty_le_truc_tuyen_toan_trinh numeric(5, 2),
    ho_so_co_phi                numeric NOT NULL,
    ho_so_thanh_toan_truc_tuyen numeric NOT NULL,
    ty_le_thanh_toan_truc_tuyen numeric(5, 2),
    ho_so_chung_thuc            numeric NOT NULL,
    ho_so_so_hoa                numeric NOT NULL,
    ty_le_so_hoa_ho_so          numeric(5, 2),
    giai_quyet_trong_ky         numeric NOT NULL,
    tra_ket_qua_bcci            numeric NOT NULL,
    ket_qua_dien_tu             numeric NOT NULL,
    ty_le_so_hoa_ket_qua        numeric(5, 2),
    so_tthc                     integer  NOT NULL,
    so_linh_vuc                 integer  NOT NULL,
    so_tthc_mot_cua             integer  NOT NULL,
    so_tthc_lien_thong          integer  NOT NULL,
    so_tthc_toan_trinh          integer  NOT NULL,
    so_tthc_mot_phan            integer  NOT NULL,
    so_tthc_co_ho_so            integer  NOT NULL,
    refreshed_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (calendar, period_code, unit_code, restated),
    CONSTRAINT cchc_summary_tiep_nhan CHECK (
        tiep_nhan_tong = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep + tiep_nhan_bcci + tiep_nhan_ky_truoc),
    CONSTRAINT cchc_summary_nhan_moi CHECK (nhan_moi = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep + tiep_nhan_bcci),
    CONSTRAINT cchc_summary_da_dang CHECK (tiep_nhan_tong = da_giai_quyet_tong + dang_giai_quyet_tong),
    CONSTRAINT cchc_summary_da CHECK (
        da_giai_quyet_tong = da_giai_quyet_truoc_han + da_giai_quyet_dung_han + da_giai_quyet_qua_han),
    CONSTRAINT cchc_summary_dang CHECK (dang_giai_quyet_tong = dang_giai_quyet_trong_han + dang_giai_quyet_qua_han),
    CONSTRAINT cchc_summary_parts CHECK (
        ho_so_truc_tuyen_mot_phan + ho_so_truc_tuyen_toan_trinh <= tiep_nhan_truc_tuyen
        AND ho_so_thanh_toan_truc_tuyen <= ho_so_co_phi AND ho_so_co_phi <= nhan_moi AND ho_so_so_hoa <= nhan_moi
        AND tra_ket_qua_bcci <= giai_quyet_trong_ky AND ket_qua_dien_tu <= giai_quyet_trong_ky
        AND so_tthc_mot_cua + so_tthc_lien_thong <= so_tthc AND so_tthc_toan_trinh + so_tthc_mot_phan <= so_tthc)
);
GRANT SELECT ON mart.unit_rollup, mart.bieu06_rollup, mart.kpi_766, mart.cchc_summary TO analyst;
COMMENT ON TABLE mart.cchc_summary IS 'The figures a periodic CCHC report quotes (báo cáo CCHC: cải cách TTHC, một cửa, chính quyền số) per report period and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units. Received / resolved / in progress follow Biểu 06 exactly (they are mart.bieu06_rollup''s totals); the other counts are of the period''s NEW dossiers (received within it) unless the column says otherwise. Counts are exact numerics (whole numbers unless a restated split unit carries a share); rates are percentages with 2 decimals, null when the denominator is 0. One row for every unit known to dw, also without dossiers (catalogue counts still apply). Refreshed by etl.marts.refresh_report_marts (sql/marts/refresh_cchc_summary.sql) after mart.bieu06 of the same period.';
COMMENT ON COLUMN mart.cchc_summary.calendar IS 'Period calendar of period_code, as in mart.bieu06: hanh_chinh (cut-off 15 -> 14, config/periods.yaml) or lich.';
COMMENT ON COLUMN mart.cchc_summary.period_code IS 'Report period: thang:2024-11, quy:2024-3, 6thang:2024, 9thang:2024, nam:2024.';
COMMENT ON COLUMN mart.cchc_summary.period_first_day IS 'First day of the period (local day), included.';
COMMENT ON COLUMN mart.cchc_summary.period_last_day IS 'Last day of the period (the cut-off day for hanh_chinh), included.';
COMMENT ON COLUMN mart.cchc_summary.restated IS 'false: dossiers counted at the units as they were when received; true: as the units are today.';
COMMENT ON COLUMN mart.cchc_summary.unit_code IS 'The reported unit (mã định danh): its own dossiers and those of every unit below it.';
COMMENT ON COLUMN mart.cchc_summary.tiep_nhan_tong IS 'Tổng số hồ sơ tiếp nhận (on the Biểu 06 form): new dossiers plus those carried over = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep + tiep_nhan_bcci + tiep_nhan_ky_truoc = da_giai_quyet_tong + dang_giai_quyet_tong.';
COMMENT ON COLUMN mart.cchc_summary.tiep_nhan_truc_tuyen IS 'New dossiers received online (trực tuyến, channel 2).';
COMMENT ON COLUMN mart.cchc_summary.tiep_nhan_truc_tiep IS 'New dossiers received in person (trực tiếp, channel 1 or not given).';
COMMENT ON COLUMN mart.cchc_summary.tiep_nhan_bcci IS 'New dossiers received by public post (dịch vụ bưu chính công ích, channel 3). With tiep_nhan_truc_tiep: Biểu 06''s "trực tiếp, dịch vụ bưu chính".';
COMMENT ON COLUMN mart.cchc_summary.tiep_nhan_ky_truoc IS 'Dossiers carried over from before the period (kỳ trước chuyển qua), as in mart.bieu06.';
COMMENT ON COLUMN mart.cchc_summary.da_giai_quyet_tong IS 'Đã giải quyết (Biểu 06): dossiers on the form ended by the last day.';
COMMENT ON COLUMN mart.cchc_summary.da_giai_quyet_truoc_han IS 'Đã giải quyết trước hạn (Biểu 06).';
COMMENT ON COLUMN mart.cchc_summary.da_giai_quyet_dung_han IS 'Đã giải quyết đúng hạn (Biểu 06; withdrawn / stopped dossiers included, see mart.bieu06).';
COMMENT ON COLUMN mart.cchc_summary.da_giai_quyet_qua_han IS 'Đã giải quyết quá hạn (Biểu 06).';
COMMENT ON COLUMN mart.cchc_summary.dang_giai_quyet_tong IS 'Đang giải quyết at the end of the last day (Biểu 06).';
COMMENT ON COLUMN mart.cchc_summary.dang_giai_quyet_trong_han IS 'Đang giải quyết, trong hạn (Biểu 06).';
COMMENT ON COLUMN mart.cchc_summary.dang_giai_quyet_qua_han IS 'Đang giải quyết, quá hạn (Biểu 06).';
COMMENT ON COLUMN mart.cchc_summary.ty_le_giai_quyet_dung_han IS 'Tỷ lệ giải quyết trước và đúng hạn: (da_giai_quyet_truoc_han + da_giai_quyet_dung_han) ÷ da_giai_quyet_tong, % (the Biểu 06 reading: resolved dossiers only; QĐ 766''s DOSSIER_ON_TIME also counts open dossiers not yet due).';
COMMENT ON COLUMN mart.cchc_summary.nhan_moi IS 'New dossiers of the period (nhận mới: received within it; statuses 1 and 3 excluded) = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep + tiep_nhan_bcci. Denominator of the rates below unless stated.';
COMMENT ON COLUMN mart.cchc_summary.ty_le_truc_tuyen IS 'tiep_nhan_truc_tuyen ÷ nhan_moi, %.';
COMMENT ON COLUMN mart.cchc_summary.ho_so_truc_tuyen_mot_phan IS 'New dossiers received online of procedures that offered partial online service (DVCTT một phần) on the day of receipt (fact_dossier.online_level_at_receipt).';
COMMENT ON COLUMN mart.cchc_summary.ty_le_truc_tuyen_mot_phan IS 'ho_so_truc_tuyen_mot_phan ÷ nhan_moi, % (the report''s "dịch vụ công trực tuyến một phần …/… hồ sơ").';
COMMENT ON COLUMN mart.cchc_summary.ho_so_truc_tuyen_toan_trinh IS 'New dossiers received online of procedures that offered full online service (DVCTT toàn trình) on the day of receipt.';
COMMENT ON COLUMN mart.cchc_summary.ty_le_truc_tuyen_toan_trinh IS 'ho_so_truc_tuyen_toan_trinh ÷ nhan_moi, %.';
COMMENT ON COLUMN mart.cchc_summary.ho_so_co_phi IS 'New dossiers with a fee or charge to pay (fact_dossier.has_fee).';
COMMENT ON COLUMN mart.cchc_summary.ho_so_thanh_toan_truc_tuyen IS 'Of ho_so_co_phi, those paid online (fact_dossier.paid_online).';
COMMENT ON COLUMN mart.cchc_summary.ty_le_thanh_toan_truc_tuyen IS 'ho_so_thanh_toan_truc_tuyen ÷ ho_so_co_phi, % (the example report''s 198/210 = 94,29%).';
COMMENT ON COLUMN mart.cchc_summary.ho_so_chung_thuc IS 'New dossiers of the certification field(s) (chứng thực): fields whose name is listed under certification_fields in config/reports.yaml (compared case-insensitively).';
COMMENT ON COLUMN mart.cchc_summary.ho_so_so_hoa IS 'New dossiers with a digitised component (fact_dossier.digitised_input).';
COMMENT ON COLUMN mart.cchc_summary.ty_le_so_hoa_ho_so IS 'ho_so_so_hoa ÷ nhan_moi, %.';
COMMENT ON COLUMN mart.cchc_summary.giai_quyet_trong_ky IS 'Dossiers resolved within the period: status 9 or 10 with an end day (finished_date_key) inside it, whenever received.';
COMMENT ON COLUMN mart.cchc_summary.tra_ket_qua_bcci IS 'Of giai_quyet_trong_ky, results returned by public post (fact_dossier.returned_by_post).';
COMMENT ON COLUMN mart.cchc_summary.ket_qua_dien_tu IS 'Of giai_quyet_trong_ky, those with an electronic (digitised) result (fact_dossier.electronic_result).';
COMMENT ON COLUMN mart.cchc_summary.ty_le_so_hoa_ket_qua IS 'ket_qua_dien_tu ÷ giai_quyet_trong_ky, %.';
COMMENT ON COLUMN mart.cchc_summary.so_tthc IS 'Procedures of the catalogue in force on the last day (dim_procedure versions, inferred ones excluded) whose level (cap_thuc_hien) is the level of the unit or of a unit below it: the catalogue is the province''s, the same for every unit of a level.';
COMMENT ON COLUMN mart.cchc_summary.so_linh_vuc IS 'Fields (lĩnh vực) of those procedures.';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_mot_cua IS 'Of so_tthc, procedures handled through the one-stop shop alone (một cửa: lien_thong false).';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_lien_thong IS 'Of so_tthc, inter-agency procedures (một cửa liên thông: lien_thong true). Procedures whose type is unknown are in neither.';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_toan_trinh IS 'Of so_tthc, procedures with full online service (muc_do_dvctt toan_trinh).';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_mot_phan IS 'Of so_tthc, procedures with partial online service (muc_do_dvctt mot_phan).';
COMMENT ON COLUMN mart.cchc_summary.so_tthc_co_ho_so IS 'Procedures (ma_tthc, any version) with at least one new dossier of the unit in the period.';
COMMENT ON COLUMN mart.cchc_summary.refreshed_at IS 'When the row was computed.';
