-- 0004: the report marts (schema mart) and the first of them, mart.bieu06: Biểu số 06/VPCP/KSTT "Tình hình,
-- kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC" (Thông tư 01/2020/TT-VPCP), one row
-- per report period, handling unit version and field (lĩnh vực).
-- Filled only by sql/marts/refresh_bieu06.sql (etl.marts.refresh_bieu06), which also states the counting rules;
-- the comments below repeat them. The four identities of the form are CHECK constraints, so no row can break
-- them. The analyst role may read every table of mart (also tables that later migrations add), write none.

CREATE SCHEMA mart;
COMMENT ON SCHEMA mart IS 'Report marts (bảng số liệu báo cáo): figures of the official report forms computed from dw for one report period at a time, refreshed by etl.marts (delete the period, insert it again). Readable by the analyst role (SELECT only); holds no personal data.';
GRANT USAGE ON SCHEMA mart TO analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA mart GRANT SELECT ON TABLES TO analyst;

CREATE TABLE mart.bieu06 (
    calendar                  text     NOT NULL DEFAULT 'hanh_chinh' CHECK (calendar IN ('hanh_chinh', 'lich')),
    period_code               text     NOT NULL,
    period_first_day          date     NOT NULL,
    period_last_day           date     NOT NULL,
    unit_key                  integer  NOT NULL REFERENCES dw.dim_unit,
    field_key                 integer  REFERENCES dw.dim_field,
    ma_linh_vuc               text,
    ten_linh_vuc              text,
    tiep_nhan_tong            integer  NOT NULL,
    tiep_nhan_truc_tuyen      integer  NOT NULL,
    tiep_nhan_truc_tiep_bcci  integer  NOT NULL,
    tiep_nhan_ky_truoc        integer  NOT NULL,
    da_giai_quyet_tong        integer  NOT NULL,
    da_giai_quyet_truoc_han   integer  NOT NULL,
    da_giai_quyet_dung_han    integer  NOT NULL,
    da_giai_quyet_qua_han     integer  NOT NULL,
    dang_giai_quyet_tong      integer  NOT NULL,
    dang_giai_quyet_trong_han integer  NOT NULL,
    dang_giai_quyet_qua_han   integer  NOT NULL,
    refreshed_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bieu06_one_row UNIQUE NULLS NOT DISTINCT (calendar, period_code, unit_key, field_key),
    CONSTRAINT bieu06_period CHECK (period_first_day <= period_last_day),
    CONSTRAINT bieu06_not_negative CHECK (
        tiep_nhan_truc_tuyen >= 0 AND tiep_nhan_truc_tiep_bcci >= 0 AND tiep_nhan_ky_truoc >= 0
        AND da_giai_quyet_truoc_han >= 0 AND da_giai_quyet_dung_han >= 0 AND da_giai_quyet_qua_han >= 0
        AND dang_giai_quyet_trong_han >= 0 AND dang_giai_quyet_qua_han >= 0),
    CONSTRAINT bieu06_not_empty CHECK (tiep_nhan_tong > 0),
    -- the identities of the form (domain.md §2.1)
    CONSTRAINT bieu06_tiep_nhan CHECK (
        tiep_nhan_tong = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep_bcci + tiep_nhan_ky_truoc),
    CONSTRAINT bieu06_tong_bang_da_cong_dang CHECK (tiep_nhan_tong = da_giai_quyet_tong + dang_giai_quyet_tong),
    CONSTRAINT bieu06_da_giai_quyet CHECK (
        da_giai_quyet_tong = da_giai_quyet_truoc_han + da_giai_quyet_dung_han + da_giai_quyet_qua_han),
    CONSTRAINT bieu06_dang_giai_quyet CHECK (
        dang_giai_quyet_tong = dang_giai_quyet_trong_han + dang_giai_quyet_qua_han)
);
CREATE INDEX bieu06_unit ON mart.bieu06 (unit_key);
GRANT SELECT ON ALL TABLES IN SCHEMA mart TO analyst;

COMMENT ON TABLE mart.bieu06 IS 'Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP): Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC. One row per report period (calendar, period_code), handling unit version (unit_key) and field (field_key, null = unknown field) that has at least one dossier on the form; numbers are dossiers (đơn vị tính: số hồ sơ TTHC). A dossier is on the form of a period when it was received by the period''s last day and is either new (received within the period, nhận mới) or carried over (received before the first day and not ended before it, kỳ trước chuyển qua). Statuses 1 (mới đăng ký, not yet accepted) and 3 (không được tiếp nhận, refused at intake) are never on the form. Each dossier on the form is counted once, at the unit that received it, and lands in exactly one of đã giải quyết / đang giải quyết; CHECK constraints enforce the four identities of the form. Refreshed by etl.marts.refresh_bieu06 (sql/marts/refresh_bieu06.sql) from the latest state of dw.fact_dossier; a district or province total is the sum of the rows of the units below it (dw.dim_unit.parent_unit_key).';
COMMENT ON COLUMN mart.bieu06.calendar IS 'Period calendar (lịch kỳ báo cáo) of period_code: hanh_chinh = administrative report periods with the data cut-off of config/periods.yaml (15th -> 14th, NĐ 09/2019 as restated by the province), lich = plain calendar periods (QĐ 766). Part of the key: thang:2024-01 exists in both calendars with different days.';
COMMENT ON COLUMN mart.bieu06.period_code IS 'Report period (kỳ báo cáo) in the CLI form of etl.periods: thang:2024-01, quy:2024-3, 6thang:2024, 9thang:2024, nam:2024. A refresh deletes and rewrites every row of (calendar, period_code).';
COMMENT ON COLUMN mart.bieu06.period_first_day IS 'First day of the period (từ ngày), local day (Asia/Ho_Chi_Minh), included.';
COMMENT ON COLUMN mart.bieu06.period_last_day IS 'Last day of the period (đến ngày; for hanh_chinh periods the data cut-off day, ngày chốt số liệu), local day, included. Đã / đang giải quyết are judged as of the end of this day.';
COMMENT ON COLUMN mart.bieu06.unit_key IS 'Unit that received the dossiers (đơn vị trực tiếp giải quyết) -> dw.dim_unit.unit_key: the unit VERSION the dossiers point at (fact_dossier.unit_key, the version in force on the day of receipt), so a period straddling a reorganisation has a row for the old and for the new version. May be an inferred member.';
COMMENT ON COLUMN mart.bieu06.field_key IS 'Field (lĩnh vực) -> dw.dim_field.field_key, as on the dossiers (fact_dossier.field_key); null = dossiers whose field is unknown (one row for them).';
COMMENT ON COLUMN mart.bieu06.ma_linh_vuc IS 'Field code (mã lĩnh vực) of field_key at refresh time (dw.dim_field.ma_linh_vuc); null when field_key is null.';
COMMENT ON COLUMN mart.bieu06.ten_linh_vuc IS 'Field name (tên lĩnh vực: column "Lĩnh vực, công việc giải quyết theo cấp" of the form) at refresh time (dw.dim_field.ten_linh_vuc); null when unknown. STT (row number) is not stored: it is the row''s position in the printed form.';
COMMENT ON COLUMN mart.bieu06.tiep_nhan_tong IS 'Số hồ sơ nhận giải quyết - Tổng số (dossiers to handle in the period): new dossiers (received_date_key within the period) plus dossiers carried over (received before the first day, not ended before it); statuses 1 and 3 excluded. = tiep_nhan_truc_tuyen + tiep_nhan_truc_tiep_bcci + tiep_nhan_ky_truoc = da_giai_quyet_tong + dang_giai_quyet_tong. Always > 0 (rows without dossiers are not written).';
COMMENT ON COLUMN mart.bieu06.tiep_nhan_truc_tuyen IS 'Số hồ sơ nhận giải quyết - Trong đó: Trực tuyến (received online): new dossiers of the period with channel_code 2 (KenhThucHien = 2). Carried-over dossiers are counted in tiep_nhan_ky_truoc only, whatever their channel.';
COMMENT ON COLUMN mart.bieu06.tiep_nhan_truc_tiep_bcci IS 'Số hồ sơ nhận giải quyết - Trực tiếp, dịch vụ bưu chính (received in person or by post): new dossiers of the period with channel_code 1 (trực tiếp, which includes a null KenhThucHien) or 3 (bưu chính công ích, BCCI).';
COMMENT ON COLUMN mart.bieu06.tiep_nhan_ky_truoc IS 'Số hồ sơ nhận giải quyết - Từ kỳ trước (carried over, kỳ trước chuyển qua): dossiers received before the period''s first day that had not ended before it (no end, or an end day on or after the first day); statuses 1 and 3 excluded.';
COMMENT ON COLUMN mart.bieu06.da_giai_quyet_tong IS 'Số hồ sơ đã giải quyết - Tổng số (handled): dossiers on the form whose processing ended by the period''s last day: status 9 or 10 (result produced) or 7 (công dân rút hồ sơ) or 8 (dừng xử lý), with an end day (finished_date_key; if null, the local day of source_event_at) on or before the last day. = da_giai_quyet_truoc_han + da_giai_quyet_dung_han + da_giai_quyet_qua_han.';
COMMENT ON COLUMN mart.bieu06.da_giai_quyet_truoc_han IS 'Số hồ sơ đã giải quyết - Trước hạn (before the due day): handled dossiers with status 9/10 whose fact_dossier.timeliness is truoc_han (end day before the due day, compared by local calendar day); a 9/10 without finished_at is judged by its end day as above.';
COMMENT ON COLUMN mart.bieu06.da_giai_quyet_dung_han IS 'Số hồ sơ đã giải quyết - Đúng hạn (on the due day): status 9/10 with timeliness dung_han (ended on the due day), plus status 9/10 without a due date (no deadline, cannot be late), plus every handled dossier with status 7 or 8 (withdrawn or stopped: returned to the applicant, counted on time as the Thanh Hóa export does with daXuLyDungHanVaTraLai).';
COMMENT ON COLUMN mart.bieu06.da_giai_quyet_qua_han IS 'Số hồ sơ đã giải quyết - Quá hạn (late): handled dossiers with status 9/10 whose timeliness is qua_han (end day after the due day). Supplement waiting time is not subtracted (as in fact_dossier.timeliness).';
COMMENT ON COLUMN mart.bieu06.dang_giai_quyet_tong IS 'Số lượng hồ sơ đang giải quyết - Tổng số (in progress at the end of the period): dossiers on the form not ended by the period''s last day (open status 2, 4, 5, 6, or an end day after the last day), judged as of the last day whatever their status now. = dang_giai_quyet_trong_han + dang_giai_quyet_qua_han.';
COMMENT ON COLUMN mart.bieu06.dang_giai_quyet_trong_han IS 'Số lượng hồ sơ đang giải quyết - Trong hạn (not yet due): in-progress dossiers whose due day (due_date_key) is on or after the period''s last day, or that have no due date.';
COMMENT ON COLUMN mart.bieu06.dang_giai_quyet_qua_han IS 'Số lượng hồ sơ đang giải quyết - Quá hạn (overdue): in-progress dossiers whose due day is before the period''s last day.';
COMMENT ON COLUMN mart.bieu06.refreshed_at IS 'When the period''s rows were last computed (timestamptz); the figures reflect dw as it was then.';
