-- 0005: QĐ 766/QĐ-TTg indicators per unit and calendar period (mart.kpi_766), with the weighting as data.
-- The indicator list, maxima and scoring rules are rows of mart.kpi_766_indicator: the portal's weighting
-- changed once already (docs/domain.md §1.2 → §1.4), so a new weighting is new rows, not new code.

CREATE TABLE mart.kpi_766_indicator (
    weighting      text          NOT NULL,   -- e.g. dvcqg_6_nhom: the national portal's current 6 groups
    indicator_code text          NOT NULL,   -- the portal's metricCode where it has one
    group_code     text          NOT NULL,
    group_name     text          NOT NULL,
    indicator_name text          NOT NULL,
    max_score      numeric(5, 2) NOT NULL,
    score_rule     text          NOT NULL CHECK (score_rule IN ('ty_le', 'ty_le_tran', 'thanh_toan', 'theo_doi')),
    full_at        numeric(5, 4),           -- for ty_le_tran: the ratio that earns the full score
    computed_from  text,                    -- null: the warehouse has no data for it (shown as missing)
    source         text          NOT NULL,  -- where the rule comes from
    active_from    date          NOT NULL,
    active_to      date          NOT NULL DEFAULT DATE '9999-12-31',
    PRIMARY KEY (weighting, indicator_code)
);
COMMENT ON TABLE mart.kpi_766_indicator IS 'QĐ 766 indicators (chỉ số) as data: group, maximum score, scoring rule and the period in which a weighting applies. Edit rows (or add a weighting) when the portal changes its weights.';
COMMENT ON COLUMN mart.kpi_766_indicator.weighting IS 'Name of a weighting (bộ trọng số); the one whose active_from..active_to contains the period''s last day is used.';
COMMENT ON COLUMN mart.kpi_766_indicator.indicator_code IS 'Indicator code: the national portal''s metricCode where it has one (e.g. ORIGINAL_RESULT_AVAILABLE).';
COMMENT ON COLUMN mart.kpi_766_indicator.group_code IS 'Group (nhóm chỉ số) code, e.g. tien_do, so_hoa.';
COMMENT ON COLUMN mart.kpi_766_indicator.group_name IS 'Group name in Vietnamese.';
COMMENT ON COLUMN mart.kpi_766_indicator.indicator_name IS 'Indicator name in Vietnamese.';
COMMENT ON COLUMN mart.kpi_766_indicator.max_score IS 'Maximum score (điểm tối đa) of the indicator in this weighting; 0 for monitoring-only indicators.';
COMMENT ON COLUMN mart.kpi_766_indicator.score_rule IS 'ty_le: max × ratio; ty_le_tran: min(max, max × ratio / full_at); thanh_toan: 6·A + min(2, 2.5·B) + 2.5·C (online payment, §1.4); theo_doi: monitored, no score.';
COMMENT ON COLUMN mart.kpi_766_indicator.full_at IS 'For ty_le_tran: the ratio (0–1) at which the full score is reached.';
COMMENT ON COLUMN mart.kpi_766_indicator.computed_from IS 'Which warehouse measure the indicator is computed from; null when the warehouse has no data for it: such indicators are shown as missing (thieu_du_lieu), never as 0.';
COMMENT ON COLUMN mart.kpi_766_indicator.source IS 'Where the rule and weight come from (docs/domain.md section), or "quy ước địa phương" where no source states it.';
COMMENT ON COLUMN mart.kpi_766_indicator.active_from IS 'First day (of a period''s last day) on which this weighting applies.';
COMMENT ON COLUMN mart.kpi_766_indicator.active_to IS 'First day on which it no longer applies (exclusive).';

INSERT INTO mart.kpi_766_indicator
    (weighting, indicator_code, group_code, group_name, indicator_name, max_score, score_rule, full_at, computed_from, source, active_from)
VALUES
 ('dvcqg_6_nhom', 'PUBLISH_ON_TIME', 'cong_khai', 'Công khai, minh bạch', 'Tỷ lệ TTHC công bố đúng hạn', 6, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'PUBLIC_UPDATE_ON_TIME', 'cong_khai', 'Công khai, minh bạch', 'Tỷ lệ TTHC cập nhật, công khai đúng hạn', 4, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'PUBLIC_CONTENT_FULL', 'cong_khai', 'Công khai, minh bạch', 'Tỷ lệ TTHC công khai đầy đủ nội dung', 2, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'DOSSIER_SYNC', 'cong_khai', 'Công khai, minh bạch', 'Tỷ lệ hồ sơ đồng bộ trạng thái với Cổng DVCQG', 6, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'DOSSIER_ON_TIME', 'tien_do', 'Tiến độ, kết quả giải quyết', 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (đã và đang xử lý)', 20, 'ty_le', NULL, 'fact_dossier: timeliness, supplements, due dates', 'domain.md §1.3 (2.1), §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'FULL_ONLINE_DOSSIER', 'dvctt', 'Cung cấp dịch vụ công trực tuyến', 'Tỷ lệ hồ sơ trực tuyến toàn trình trên hồ sơ của TTHC đủ điều kiện toàn trình', 12, 'ty_le', NULL, 'fact_dossier: channel, online_level_at_receipt', 'domain.md §1.4 (công thức điểm chưa xác định: quy ước địa phương max × tỷ lệ)', '1900-01-01'),
 ('dvcqg_6_nhom', 'ONLINE_DOSSIER', 'dvctt', 'Cung cấp dịch vụ công trực tuyến', 'Tỷ lệ hồ sơ nộp trực tuyến (theo dõi)', 0, 'theo_doi', NULL, 'fact_dossier: channel', 'domain.md §1.3 (3.3)', '1900-01-01'),
 ('dvcqg_6_nhom', 'ORIGINAL_RESULT_AVAILABLE', 'so_hoa', 'Số hóa hồ sơ', 'Tỷ lệ hồ sơ có kết quả giải quyết điện tử', 6, 'ty_le_tran', 1, 'fact_dossier: electronic_result', 'domain.md §1.3 (4.1), §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'SO_HOA_GIAY_TO_GIAI_QUYET', 'so_hoa', 'Số hóa hồ sơ', 'Tỷ lệ hồ sơ có số hóa thành phần', 4, 'ty_le_tran', 1, 'fact_dossier: digitised_input', 'domain.md §1.3 (4.2), §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'ELECTRONIC_CERTIFIED_COPY', 'so_hoa', 'Số hóa hồ sơ', 'Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính', 2, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'REUSED_DIGITIZED_DATA', 'so_hoa', 'Số hóa hồ sơ', 'Hồ sơ có thành phần được cắt giảm, thay thế dựa trên dữ liệu', 2, 'ty_le_tran', 0.8, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'so_hoa', 'Số hóa hồ sơ', 'Hồ sơ số hóa có kết nối, chia sẻ phục vụ tái sử dụng', 4, 'ty_le_tran', 1, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'CITIZEN_DATA_CONNECTED_DOSSIER', 'so_hoa', 'Số hóa hồ sơ', 'Hồ sơ có sử dụng dữ liệu dân cư', 2, 'ty_le_tran', 1, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'CITIZEN_DATA_CONNECTED_FORMALITY', 'so_hoa', 'Số hóa hồ sơ', 'TTHC triển khai kết nối dữ liệu dân cư', 2, 'ty_le_tran', 1, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'PETITION_PROCESSING_ON_TIME', 'hai_long', 'Mức độ hài lòng', 'Tỷ lệ PAKN xử lý đúng hạn', 6, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'PETITION_HANDLING_SATISFACTION', 'hai_long', 'Mức độ hài lòng', 'Tỷ lệ hài lòng trong xử lý PAKN', 6, 'ty_le', NULL, NULL, 'domain.md §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'DOSSIER_RECEIVING_SATISFACTION', 'hai_long', 'Mức độ hài lòng', 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC', 6, 'ty_le_tran', 0.9, NULL, 'domain.md §1.3 (5.4), §1.4', '1900-01-01'),
 ('dvcqg_6_nhom', 'ONLINE_PAYMENT', 'thanh_toan', 'Thanh toán trực tuyến', 'Tỷ lệ hồ sơ thanh toán trực tuyến', 10, 'thanh_toan', NULL, 'fact_dossier: has_fee, paid_online; dim_procedure: co_phi', 'domain.md §1.3 (3.6), §1.4', '1900-01-01');

CREATE TABLE mart.kpi_766 (
    period_code      text          NOT NULL,  -- calendar period: thang:2024-11, quy:2024-3, nam:2024
    period_first_day date          NOT NULL,
    period_last_day  date          NOT NULL,
    unit_key         integer       NOT NULL,  -- dw.dim_unit.unit_key: the unit (version) that received the dossiers
    weighting        text          NOT NULL,
    indicator_code   text          NOT NULL,
    numerator        numeric(12, 2),
    denominator      numeric(12, 2),
    ratio            numeric(7, 2),            -- percent, 2 decimals
    score            numeric(6, 2),
    max_score        numeric(5, 2) NOT NULL,
    status           text          NOT NULL CHECK (status IN ('tinh_duoc', 'khong_phat_sinh', 'thieu_du_lieu')),
    refreshed_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (period_code, unit_key, indicator_code),
    CHECK (status <> 'thieu_du_lieu' OR (ratio IS NULL AND score IS NULL)),
    CHECK (score IS NULL OR score BETWEEN 0 AND max_score)
);
COMMENT ON TABLE mart.kpi_766 IS 'QĐ 766 indicators per unit and calendar period (tháng, quý, năm): numerator, denominator, ratio (%, 2 decimals), score and maximum under the weighting in force. An indicator the warehouse has no data for is thieu_du_lieu with no ratio and no score, never 0.';
COMMENT ON COLUMN mart.kpi_766.period_code IS 'Calendar period (kỳ theo lịch, as the QĐ 766 portal counts): thang:YYYY-MM, quy:YYYY-Q, nam:YYYY.';
COMMENT ON COLUMN mart.kpi_766.period_first_day IS 'First day of the period.';
COMMENT ON COLUMN mart.kpi_766.period_last_day IS 'Last day of the period.';
COMMENT ON COLUMN mart.kpi_766.unit_key IS 'dw.dim_unit.unit_key of the unit version that received the dossiers counted (not rolled up to parents).';
COMMENT ON COLUMN mart.kpi_766.weighting IS 'mart.kpi_766_indicator.weighting used for the score.';
COMMENT ON COLUMN mart.kpi_766.indicator_code IS 'mart.kpi_766_indicator.indicator_code.';
COMMENT ON COLUMN mart.kpi_766.numerator IS 'Numerator (tử số) of the ratio; for ONLINE_PAYMENT the dossiers paid online (A''s numerator).';
COMMENT ON COLUMN mart.kpi_766.denominator IS 'Denominator (mẫu số); 0 makes the status khong_phat_sinh.';
COMMENT ON COLUMN mart.kpi_766.ratio IS 'numerator ÷ denominator in percent, rounded to 2 decimals; null when missing or when the denominator is 0.';
COMMENT ON COLUMN mart.kpi_766.score IS 'Score (điểm) by the indicator''s score_rule, 2 decimals; null when missing, when the denominator is 0, or for monitoring-only indicators.';
COMMENT ON COLUMN mart.kpi_766.max_score IS 'Maximum score of the indicator in the weighting used.';
COMMENT ON COLUMN mart.kpi_766.status IS 'tinh_duoc = computed; khong_phat_sinh = no dossier in the denominator; thieu_du_lieu = the warehouse has no data for this indicator.';
COMMENT ON COLUMN mart.kpi_766.refreshed_at IS 'When the row was computed.';
