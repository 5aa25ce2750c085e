-- 0018: every figure of a report read from marts, none by scanning dw.fact_dossier when the report is made.
-- Two marts hold, per report period, the counts that mart.cchc_summary, mart.kpi_766 and the report's monthly trend
-- and data notes were computed from by scanning the fact table:
--   mart.dossier_counts  per period, receiving unit version, procedure version and field: additive counts of the
--                        period's dossiers (new, resolved, withdrawn ...), from which the summary, the QĐ 766
--                        indicators and the data notes are summed through mart.unit_rollup;
--   mart.dossier_month   per period, receiving unit version and calendar month: new and ended dossiers (the
--                        report's monthly trend).
-- Both are keyed by unit VERSION (and procedure version), not by reported unit, so that a dossier adds to exactly
-- one row and a change of one dossier changes one row by a whole number (etl.marts keeps them up to date by
-- adding each changed dossier's new contribution and taking away its old one, migration 0019). The counting
-- rules are in the headers of sql/marts/refresh_dossier_counts.sql and refresh_dossier_month.sql and in the column
-- comments below. Filled only by etl.marts; readable by the analyst role, as every table of mart.

CREATE TABLE mart.dossier_counts (
    calendar                      text     NOT NULL CHECK (calendar IN ('hanh_chinh', 'lich')),
    period_code                   text     NOT NULL,
    period_first_day              date     NOT NULL,
    period_last_day               date     NOT NULL,
    unit_key                      integer  NOT NULL REFERENCES dw.dim_unit,
    procedure_key                 integer  NOT NULL REFERENCES dw.dim_procedure,
    field_key                     integer  REFERENCES dw.dim_field,
    ho_so_766                     integer  NOT NULL,
    nhan_moi                      integer  NOT NULL,
    nhan_moi_truc_tuyen           integer  NOT NULL,
    nhan_moi_bcci                 integer  NOT NULL,
    truc_tuyen_mot_phan           integer  NOT NULL,
    truc_tuyen_toan_trinh         integer  NOT NULL,
    muc_do_toan_trinh             integer  NOT NULL,
    co_phi                        integer  NOT NULL,
    co_phi_thanh_toan_truc_tuyen  integer  NOT NULL,
    thanh_toan_truc_tuyen         integer  NOT NULL,
    so_hoa                        integer  NOT NULL,
    khong_co_han                  integer  NOT NULL,
    truc_tuyen_khong_dvctt        integer  NOT NULL,
    dung_han_766                  integer  NOT NULL,
    giai_quyet                    integer  NOT NULL,
    giai_quyet_bcci               integer  NOT NULL,
    giai_quyet_dien_tu            integer  NOT NULL,
    rut_dung                      integer  NOT NULL,
    refreshed_at                  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dossier_counts_one_row UNIQUE NULLS NOT DISTINCT (calendar, period_code, unit_key, procedure_key, field_key),
    CONSTRAINT dossier_counts_period CHECK (period_first_day <= period_last_day),
    CONSTRAINT dossier_counts_not_empty CHECK (ho_so_766 > 0 OR rut_dung > 0),
    CONSTRAINT dossier_counts_parts CHECK (
        nhan_moi <= ho_so_766 AND giai_quyet <= ho_so_766
        AND nhan_moi_truc_tuyen + nhan_moi_bcci <= nhan_moi
        AND truc_tuyen_mot_phan + truc_tuyen_toan_trinh + truc_tuyen_khong_dvctt <= nhan_moi_truc_tuyen
        AND truc_tuyen_toan_trinh <= muc_do_toan_trinh AND muc_do_toan_trinh <= nhan_moi
        AND co_phi_thanh_toan_truc_tuyen <= co_phi AND co_phi <= nhan_moi
        AND co_phi_thanh_toan_truc_tuyen <= thanh_toan_truc_tuyen AND thanh_toan_truc_tuyen <= nhan_moi
        AND so_hoa <= nhan_moi AND khong_co_han <= nhan_moi AND dung_han_766 <= nhan_moi
        AND giai_quyet_bcci <= giai_quyet AND giai_quyet_dien_tu <= giai_quyet AND rut_dung >= 0)
);
COMMENT ON TABLE mart.dossier_counts IS 'Counts of a report period''s dossiers per receiving unit version, procedure version and field: what mart.cchc_summary (with mart.bieu06), mart.kpi_766 and a report''s data notes are computed from, so that neither a refresh of those nor a report scans dw.fact_dossier. One row per (calendar, period_code, unit_key, procedure_key, field_key) with at least one dossier counted in ho_so_766 or rut_dung. Statuses 1 and 3 are never counted. "New" = received within the period (received_date_key between the first and the last day); "resolved" = status 9 or 10 with finished_date_key within the period. Whole numbers of dossiers, each counted at the unit version that received it: sum a column through mart.unit_rollup (weighted by share) for a unit with everything below it. Kept up to date by etl.marts (sql/marts/refresh_dossier_counts.sql), incrementally after the period''s first refresh.';
COMMENT ON COLUMN mart.dossier_counts.calendar IS 'Period calendar of period_code, as in mart.bieu06: hanh_chinh (administrative periods with the data cut-off of config/periods.yaml) or lich (plain calendar periods, QĐ 766).';
COMMENT ON COLUMN mart.dossier_counts.period_code IS 'Report period: thang:2024-11, quy:2024-3, 6thang:2024, 9thang:2024, nam:2024.';
COMMENT ON COLUMN mart.dossier_counts.period_first_day IS 'First day of the period (local day, Asia/Ho_Chi_Minh), included.';
COMMENT ON COLUMN mart.dossier_counts.period_last_day IS 'Last day of the period (the cut-off day for hanh_chinh), included.';
COMMENT ON COLUMN mart.dossier_counts.unit_key IS 'Unit version that received the dossiers -> dw.dim_unit.unit_key (fact_dossier.unit_key). Sum through mart.unit_rollup for a unit with everything below it.';
COMMENT ON COLUMN mart.dossier_counts.procedure_key IS 'Procedure version of the dossiers -> dw.dim_procedure.procedure_key (fact_dossier.procedure_key: the version in force on the day of receipt; may be inferred).';
COMMENT ON COLUMN mart.dossier_counts.field_key IS 'Field of the dossiers -> dw.dim_field.field_key (fact_dossier.field_key); null = field unknown.';
COMMENT ON COLUMN mart.dossier_counts.ho_so_766 IS 'Dossiers the QĐ 766 indicators of the period look at: new, or with finished_date_key within the period (any status but 1 and 3). A unit with any gets its mart.kpi_766 rows.';
COMMENT ON COLUMN mart.dossier_counts.nhan_moi IS 'New dossiers (nhận mới: received within the period).';
COMMENT ON COLUMN mart.dossier_counts.nhan_moi_truc_tuyen IS 'New dossiers received online (channel_code 2).';
COMMENT ON COLUMN mart.dossier_counts.nhan_moi_bcci IS 'New dossiers received by public post (channel_code 3, bưu chính công ích).';
COMMENT ON COLUMN mart.dossier_counts.truc_tuyen_mot_phan IS 'New dossiers received online whose procedure offered partial online service on the day of receipt (online_level_at_receipt mot_phan).';
COMMENT ON COLUMN mart.dossier_counts.truc_tuyen_toan_trinh IS 'New dossiers received online whose procedure offered full online service on the day of receipt (online_level_at_receipt toan_trinh).';
COMMENT ON COLUMN mart.dossier_counts.muc_do_toan_trinh IS 'New dossiers whose procedure offered full online service on the day of receipt, whatever the channel (the denominator of QĐ 766 FULL_ONLINE_DOSSIER).';
COMMENT ON COLUMN mart.dossier_counts.co_phi IS 'New dossiers with a fee or charge (has_fee).';
COMMENT ON COLUMN mart.dossier_counts.co_phi_thanh_toan_truc_tuyen IS 'New dossiers with a fee, paid online (has_fee and paid_online).';
COMMENT ON COLUMN mart.dossier_counts.thanh_toan_truc_tuyen IS 'New dossiers paid online, with or without a fee (paid_online): QĐ 766 ONLINE_PAYMENT B counts fee procedures with such a dossier; paid online without a fee is a data note.';
COMMENT ON COLUMN mart.dossier_counts.so_hoa IS 'New dossiers with a digitised component (digitised_input).';
COMMENT ON COLUMN mart.dossier_counts.khong_co_han IS 'New dossiers without a due date (due_date_key null): a data note (counted on time, or within time).';
COMMENT ON COLUMN mart.dossier_counts.truc_tuyen_khong_dvctt IS 'New dossiers received online (channel 2) of a procedure that offered no online service on the day of receipt (online_level_at_receipt khong): a data note.';
COMMENT ON COLUMN mart.dossier_counts.dung_han_766 IS 'New dossiers on time by QĐ 766 rule 2.1 (sql/marts/refresh_kpi_766.sql): ended (7, 8, 9, 10 with finished_date_key) by the last day no later than the due day, the days waiting for supplements subtracted, or still open and not yet due on the last day; more than one supplement request is never on time.';
COMMENT ON COLUMN mart.dossier_counts.giai_quyet IS 'Dossiers resolved within the period: status 9 or 10 with finished_date_key within it, whenever received.';
COMMENT ON COLUMN mart.dossier_counts.giai_quyet_bcci IS 'Of giai_quyet, results returned by public post (returned_by_post).';
COMMENT ON COLUMN mart.dossier_counts.giai_quyet_dien_tu IS 'Of giai_quyet, those with an electronic result (electronic_result).';
COMMENT ON COLUMN mart.dossier_counts.rut_dung IS 'Dossiers withdrawn (7) or stopped (8) that are on the period''s Biểu 06 and ended by its last day (end day finished_date_key, else the local day of source_event_at): mart.cchc_summary.da_giai_quyet_rut_dung.';
COMMENT ON COLUMN mart.dossier_counts.refreshed_at IS 'When the row''s counts were last written (a refresh that changed them); mart.refreshed_period says when the whole period was last brought up to date.';

CREATE TABLE mart.dossier_month (
    calendar          text     NOT NULL CHECK (calendar IN ('hanh_chinh', 'lich')),
    period_code       text     NOT NULL,
    period_first_day  date     NOT NULL,
    period_last_day   date     NOT NULL,
    unit_key          integer  NOT NULL REFERENCES dw.dim_unit,
    month             date     NOT NULL CHECK (extract(day FROM month) = 1),
    nhan_moi          integer  NOT NULL,
    ket_thuc          integer  NOT NULL,
    ket_thuc_dung_han integer  NOT NULL,
    refreshed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (calendar, period_code, unit_key, month),
    CONSTRAINT dossier_month_not_empty CHECK (nhan_moi > 0 OR ket_thuc > 0),
    CONSTRAINT dossier_month_parts CHECK (nhan_moi >= 0 AND ket_thuc_dung_han >= 0 AND ket_thuc_dung_han <= ket_thuc)
);
COMMENT ON TABLE mart.dossier_month IS 'A report period''s dossiers per receiving unit version and calendar month, days outside the period left out (the first and last months of an administrative period are partial): the report''s monthly trend (sql/reports/monthly_trend.sql sums it through mart.unit_rollup). Statuses 1 and 3 are never counted. One row per (calendar, period_code, unit_key, month) with a new or an ended dossier. Kept up to date by etl.marts (sql/marts/refresh_dossier_month.sql), incrementally after the period''s first refresh.';
COMMENT ON COLUMN mart.dossier_month.calendar IS 'Period calendar of period_code, as in mart.bieu06.';
COMMENT ON COLUMN mart.dossier_month.period_code IS 'Report period: thang:2024-11, quy:2024-3, 6thang:2024, 9thang:2024, nam:2024.';
COMMENT ON COLUMN mart.dossier_month.period_first_day IS 'First day of the period (local day), included.';
COMMENT ON COLUMN mart.dossier_month.period_last_day IS 'Last day of the period, included.';
COMMENT ON COLUMN mart.dossier_month.unit_key IS 'Unit version that received the dossiers -> dw.dim_unit.unit_key.';
COMMENT ON COLUMN mart.dossier_month.month IS 'First day of the calendar month (the month of the day counted).';
COMMENT ON COLUMN mart.dossier_month.nhan_moi IS 'Dossiers received within the period on a day of this month.';
COMMENT ON COLUMN mart.dossier_month.ket_thuc IS 'Dossiers that ended (status 7, 8, 9 or 10) within the period on a day of this month; the end day is finished_date_key, else the local day of source_event_at (as in mart.bieu06), whenever received.';
COMMENT ON COLUMN mart.dossier_month.ket_thuc_dung_han IS 'Of ket_thuc, those ended on time by the Biểu 06 rules: status 7 or 8, timeliness truoc_han or dung_han, or without timeliness no due date or an end day on or before the due day.';
COMMENT ON COLUMN mart.dossier_month.refreshed_at IS 'When the row''s counts were last written; mart.refreshed_period says when the whole period was last brought up to date.';

GRANT SELECT ON mart.dossier_counts, mart.dossier_month TO analyst;

-- what the summary and the QĐ 766 indicators are now computed from
COMMENT ON TABLE mart.cchc_summary IS 'The figures a periodic CCHC report quotes (báo cáo CCHC: cải cách TTHC, một cửa, chính quyền số) per report period and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units. Received / resolved / in progress follow Biểu 06 exactly (they are mart.bieu06_rollup''s totals); the other counts are of the period''s NEW dossiers (received within it) unless the column says otherwise. Counts are exact numerics (whole numbers unless a restated split unit carries a share); rates are percentages with 2 decimals, null when the denominator is 0. One row for every unit known to dw, also without dossiers (catalogue counts still apply). Computed by etl.marts (sql/marts/refresh_cchc_summary.sql) from mart.bieu06 and mart.dossier_counts of the same period, brought up to date first.';
COMMENT ON TABLE mart.kpi_766 IS 'QĐ 766 indicators per calendar period (tháng, quý, 6/9 tháng, năm) and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units: numerator, denominator, ratio (%, 2 decimals), score and maximum under the weighting in force. An indicator the warehouse has no data for is thieu_du_lieu with no ratio and no score, never 0. Rows exist for units with at least one dossier in the period. Computed by etl.marts (sql/marts/refresh_kpi_766.sql) from mart.dossier_counts of the same period, dw.fact_petition and the dossiers named by a PAKN or a bad rating.';
