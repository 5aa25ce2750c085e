-- 0008: feedback and satisfaction (docs/formats.md §8, §9): citizen feedback (phản ánh, kiến nghị, PAKN) and
-- per-dossier satisfaction ratings, so that the QĐ 766 satisfaction group can be computed
-- (docs/domain.md §1.3 5.2–5.4, §1.4).
--   dw.fact_petition        one row per PAKN code (its latest known state)
--   dw.fact_dossier_rating  one row per rated dossier (its latest rating); a rating of a dossier that is not
--                           (yet) in dw is kept with its ma_ho_so and linked when the dossier is loaded
-- Neither holds personal data: the sender of a PAKN, its text and the rater are not read at all.

-- ---------------------------------------------------------------- staging layouts
CREATE TABLE staging.stg_petition (
    row_no          integer NOT NULL,
    ma_pakn         text    NOT NULL,
    ma_don_vi       text    NOT NULL,
    don_vi_xu_ly    text,
    phan_loai       text,
    linh_vuc        text,
    ket_qua         text,
    danh_gia        text,
    satisfied       boolean,
    ma_ho_so        text,
    received_at     timestamptz NOT NULL,
    due_at          timestamptz,
    handled_at      timestamptz,
    source_event_at timestamptz NOT NULL,
    row_hash        bigint  NOT NULL
);
COMMENT ON TABLE staging.stg_petition IS 'Layout of the per-load staging table of a PAKN list (docs/formats.md §8): one validated PAKN row per source row.';

CREATE TABLE staging.stg_dossier_rating (
    row_no        integer  NOT NULL,
    ma_ho_so      text     NOT NULL,
    rated_at      timestamptz NOT NULL,
    muc_danh_gia  text     NOT NULL,
    rating_score  smallint NOT NULL,
    satisfied     boolean  NOT NULL,
    kenh_danh_gia text,
    row_hash      bigint   NOT NULL
);
COMMENT ON TABLE staging.stg_dossier_rating IS 'Layout of the per-load staging table of a dossier rating file (docs/formats.md §9): one validated rating row per source row.';

-- ---------------------------------------------------------------- dw.fact_petition
CREATE TABLE dw.fact_petition (
    petition_key      bigserial PRIMARY KEY,
    ma_pakn           text     NOT NULL UNIQUE,
    unit_key          integer  NOT NULL,
    received_date_key integer  NOT NULL,
    due_date_key      integer,
    handled_date_key  integer,
    received_at       timestamptz NOT NULL,
    due_at            timestamptz,
    due_given         boolean  NOT NULL,
    handled_at        timestamptz,
    handled_on_time   boolean,
    category          text,
    field_name        text,
    result            text,
    satisfied         boolean,
    ma_ho_so          text,
    source_event_at   timestamptz NOT NULL,
    row_hash          bigint   NOT NULL,
    first_load_id     bigint   NOT NULL,
    last_load_id      bigint   NOT NULL,
    inserted_at       timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (handled_at IS NULL OR handled_at >= received_at)
);
CREATE INDEX fact_petition_unit_received ON dw.fact_petition (unit_key, received_date_key);
CREATE INDEX fact_petition_due ON dw.fact_petition (due_date_key);
COMMENT ON TABLE dw.fact_petition IS 'Citizen feedback fact (phản ánh, kiến nghị, PAKN). Grain: one row per PAKN, natural key ma_pakn, holding its latest known state, so a PAKN counts at most once per period. A re-sent PAKN replaces its row when the content changed and its latest event (source_event_at) is not older than the stored one (same time: the later load). No personal data: the sender and the text of the PAKN are not loaded.';
COMMENT ON COLUMN dw.fact_petition.petition_key IS 'Surrogate key of the PAKN.';
COMMENT ON COLUMN dw.fact_petition.ma_pakn IS 'PAKN code (mã PAKN) as the source system wrote it; natural key, unique.';
COMMENT ON COLUMN dw.fact_petition.unit_key IS 'Handling unit -> dim_unit.unit_key: the version of the unit in force on the day the PAKN was received (an inferred member when the unit list does not name it yet).';
COMMENT ON COLUMN dw.fact_petition.received_date_key IS 'Day the PAKN was received (ngày tiếp nhận), yyyymmdd -> dim_date.date_key.';
COMMENT ON COLUMN dw.fact_petition.due_date_key IS 'Day the PAKN had to be handled by (hạn xử lý), yyyymmdd -> dim_date.date_key; when the source gave none, the 15th working day after receipt (due_given = false). Null only when that day is beyond dim_date.';
COMMENT ON COLUMN dw.fact_petition.handled_date_key IS 'Day handling ended (ngày xử lý xong), yyyymmdd -> dim_date.date_key; null while not handled.';
COMMENT ON COLUMN dw.fact_petition.received_at IS 'When the PAKN was received (timestamptz).';
COMMENT ON COLUMN dw.fact_petition.due_at IS 'Due date as given (hạn xử lý), or 00:00 of the 15th working day after receipt when not given (due_given = false).';
COMMENT ON COLUMN dw.fact_petition.due_given IS 'True when the source gave the due date; false when it was computed as 15 working days after receipt (QĐ 766, 5.2; working days of dim_date).';
COMMENT ON COLUMN dw.fact_petition.handled_at IS 'When handling ended (ngày xử lý xong); null while the PAKN is not handled.';
COMMENT ON COLUMN dw.fact_petition.handled_on_time IS 'True when handled on or before the due day (local days), false when handled after it; null while not handled (overdue once the due day is past).';
COMMENT ON COLUMN dw.fact_petition.category IS 'Category (phân loại) as written, e.g. Quy định hành chính, Hành vi công chức.';
COMMENT ON COLUMN dw.fact_petition.field_name IS 'Field (lĩnh vực) as written; null when not given.';
COMMENT ON COLUMN dw.fact_petition.result IS 'Result of handling (kết quả) as written, e.g. Đã trả lời; null while not handled.';
COMMENT ON COLUMN dw.fact_petition.satisfied IS 'The citizen''s rating of the handling (đánh giá): true = Hài lòng, false = Không hài lòng, null = not rated.';
COMMENT ON COLUMN dw.fact_petition.ma_ho_so IS 'Code of the dossier the PAKN is about (mã hồ sơ liên quan) -> fact_dossier.ma_ho_so when that dossier is loaded; null when none was given.';
COMMENT ON COLUMN dw.fact_petition.source_event_at IS 'Latest event of the PAKN in the source (the later of received_at and handled_at); decides whether a re-sent PAKN replaces the stored one.';
COMMENT ON COLUMN dw.fact_petition.row_hash IS 'Technical: hash of the source row''s content, to skip unchanged re-sent rows.';
COMMENT ON COLUMN dw.fact_petition.first_load_id IS 'Technical lineage: load_id (audit.file_load) of the load that first inserted the PAKN.';
COMMENT ON COLUMN dw.fact_petition.last_load_id IS 'Technical lineage: load_id of the load that last changed the row.';
COMMENT ON COLUMN dw.fact_petition.inserted_at IS 'Technical: when the row was inserted.';
COMMENT ON COLUMN dw.fact_petition.updated_at IS 'Technical: when the row was last changed.';

-- ---------------------------------------------------------------- dw.fact_dossier_rating
-- Grain: one row per dossier. QĐ 766 (5.4) asks whether the dossier's applicant was satisfied; a dossier may
-- be rated again (the portal lets the applicant change the rating), and only its latest rating counts.
CREATE TABLE dw.fact_dossier_rating (
    ma_ho_so        text     PRIMARY KEY,
    dossier_key     bigint,
    rated_at        timestamptz NOT NULL,
    rated_date_key  integer  NOT NULL,
    rating_score    smallint NOT NULL CHECK (rating_score BETWEEN 1 AND 5),
    rating_text     text     NOT NULL,
    satisfied       boolean  NOT NULL,
    channel         text,
    row_hash        bigint   NOT NULL,
    first_load_id   bigint   NOT NULL,
    last_load_id    bigint   NOT NULL,
    inserted_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fact_dossier_rating_rated ON dw.fact_dossier_rating (rated_date_key);
COMMENT ON TABLE dw.fact_dossier_rating IS 'Satisfaction rating of a dossier (đánh giá mức độ hài lòng). Grain: one row per dossier, natural key ma_ho_so, holding its latest rating: a rating replaces the stored one when it is not older (same time: the later load). A rating of a dossier not (yet) in fact_dossier is kept with dossier_key null and linked when the dossier is loaded. Join fact_dossier on ma_ho_so (or dossier_key) for the unit.';
COMMENT ON COLUMN dw.fact_dossier_rating.ma_ho_so IS 'Code of the rated dossier (mã hồ sơ); natural key, one rating per dossier -> fact_dossier.ma_ho_so.';
COMMENT ON COLUMN dw.fact_dossier_rating.dossier_key IS 'The rated dossier -> fact_dossier.dossier_key; null while that dossier is not in the warehouse.';
COMMENT ON COLUMN dw.fact_dossier_rating.rated_at IS 'When the dossier was rated (ngày đánh giá), timestamptz.';
COMMENT ON COLUMN dw.fact_dossier_rating.rated_date_key IS 'Day of the rating, yyyymmdd -> dim_date.date_key; the period a rating counts in.';
COMMENT ON COLUMN dw.fact_dossier_rating.rating_score IS 'Level on a 1-5 scale: 5 Rất hài lòng, 4 Hài lòng, 3 Bình thường / Chấp nhận được, 2 Không hài lòng, 1 Rất không hài lòng.';
COMMENT ON COLUMN dw.fact_dossier_rating.rating_text IS 'The level as written in the source (mức đánh giá), NFC.';
COMMENT ON COLUMN dw.fact_dossier_rating.satisfied IS 'True when rating_score >= 4 (Hài lòng or Rất hài lòng).';
COMMENT ON COLUMN dw.fact_dossier_rating.channel IS 'Where the rating was given (kênh đánh giá) as written, e.g. Cổng DVC, Kiosk; null when not given.';
COMMENT ON COLUMN dw.fact_dossier_rating.row_hash IS 'Technical: hash of the source row''s content, to skip unchanged re-sent rows.';
COMMENT ON COLUMN dw.fact_dossier_rating.first_load_id IS 'Technical lineage: load_id (audit.file_load) of the load that first inserted the rating.';
COMMENT ON COLUMN dw.fact_dossier_rating.last_load_id IS 'Technical lineage: load_id of the load that last changed the row.';
COMMENT ON COLUMN dw.fact_dossier_rating.inserted_at IS 'Technical: when the row was inserted.';
COMMENT ON COLUMN dw.fact_dossier_rating.updated_at IS 'Technical: when the row was last changed.';

GRANT SELECT ON dw.fact_petition, dw.fact_dossier_rating TO analyst;

-- ---------------------------------------------------------------- QĐ 766: the satisfaction group
-- Computed from the new facts (sql/marts/refresh_kpi_766.sql); while a fact table is empty the indicator
-- is still shown as missing (thieu_du_lieu), never as 0.
UPDATE mart.kpi_766_indicator
SET computed_from = 'fact_petition: due_date_key, handled_on_time',
    source = 'domain.md §1.3 (5.2), §1.4'
WHERE indicator_code = 'PETITION_PROCESSING_ON_TIME';
UPDATE mart.kpi_766_indicator
SET computed_from = 'fact_petition: received_date_key, satisfied, due_date_key, handled_date_key',
    source = 'domain.md §1.3 (5.3), §1.4'
WHERE indicator_code = 'PETITION_HANDLING_SATISFACTION';
UPDATE mart.kpi_766_indicator
SET computed_from = 'fact_dossier: on time (as DOSSIER_ON_TIME); fact_petition.ma_ho_so; fact_dossier_rating.rating_score <= 2',
    source = 'domain.md §1.3 (5.4), §1.4'
WHERE indicator_code = 'DOSSIER_RECEIVING_SATISFACTION';
COMMENT ON TABLE mart.kpi_766 IS 'QĐ 766 indicators per calendar period (tháng, quý, 6/9 tháng, năm) and reported unit (the unit with every unit below it, mart.unit_rollup), in both readings of reorganised units: numerator, denominator, ratio (%, 2 decimals), score and maximum under the weighting in force. An indicator the warehouse has no data for (also a satisfaction indicator while dw.fact_petition / dw.fact_dossier_rating is empty) is thieu_du_lieu with no ratio and no score, never 0. Rows exist for units with at least one dossier, PAKN or dossier rating in the period.';
