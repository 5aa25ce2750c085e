-- 0001: schemas, audit trail, raw and restricted layers, the dw star schema, the analyst role.
-- Schemas:
--   audit       files landed, loads and quarantined rows (holds raw records: not for analysts)
--   raw         source fields the model does not know, kept as sent
--   restricted  personal data of applicants (names, phones, e-mails, ID numbers)
--   staging     layouts of the per-load staging tables (loads COPY into temporary copies of them)
--   dw          the star schema analysts read

CREATE SCHEMA audit;
CREATE SCHEMA raw;
CREATE SCHEMA restricted;
CREATE SCHEMA staging;
CREATE SCHEMA dw;

-- ---------------------------------------------------------------- audit
CREATE TABLE audit.landed_file (
    file_id       bigserial PRIMARY KEY,
    sha256        text        NOT NULL UNIQUE,
    source        text        NOT NULL,
    format        text,
    original_name text        NOT NULL,
    stored_path   text        NOT NULL,
    size_bytes    bigint      NOT NULL,
    metadata      jsonb       NOT NULL DEFAULT '{}',
    landed_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE audit.landed_file IS 'Every file pulled into the landing zone, once per content (sha256).';

CREATE TABLE audit.file_load (
    load_id          bigserial PRIMARY KEY,
    file_id          bigint      NOT NULL REFERENCES audit.landed_file,
    load_date        date        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'loaded', 'failed')),
    started_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at      timestamptz,
    rows_read        bigint,
    rows_loaded      bigint,
    rows_quarantined bigint,
    rows_inserted    bigint,
    rows_updated     bigint,
    inferred_members jsonb,
    error            text,
    CONSTRAINT every_row_accounted_for
        CHECK (status <> 'loaded' OR rows_read = rows_loaded + rows_quarantined)
);
CREATE UNIQUE INDEX file_load_once ON audit.file_load (file_id) WHERE status = 'loaded';
COMMENT ON TABLE audit.file_load IS 'One row per attempt to load a landed file; rows_read = rows_loaded + rows_quarantined.';

CREATE TABLE audit.quarantine (
    quarantine_id bigserial PRIMARY KEY,
    load_id       bigint NOT NULL REFERENCES audit.file_load,
    file_id       bigint NOT NULL REFERENCES audit.landed_file,
    row_no        integer,
    record_key    text,
    rule          text   NOT NULL,
    column_name   text,
    value         text,
    reason        text   NOT NULL,
    record        jsonb
);
CREATE INDEX quarantine_load ON audit.quarantine (load_id);
COMMENT ON TABLE audit.quarantine IS 'Rows that failed a row-level rule, with the rule and a Vietnamese reason. Never silently dropped.';

-- ---------------------------------------------------------------- raw and restricted
CREATE TABLE raw.dossier_extra (
    file_id  bigint  NOT NULL REFERENCES audit.landed_file,
    row_no   integer NOT NULL,
    ma_ho_so text    NOT NULL,
    extra    jsonb   NOT NULL,
    PRIMARY KEY (file_id, row_no)
);
COMMENT ON TABLE raw.dossier_extra IS 'Fields a source sent that the model does not (yet) know, kept as sent.';

CREATE TABLE restricted.applicant (
    ma_ho_so      text PRIMARY KEY,
    chu_ho_so     text,
    so_dien_thoai text,
    email         text,
    so_giay_to    text,
    last_load_id  bigint NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE restricted.applicant IS 'Personal data of applicants. Never copied into dw; not readable by analysts.';

-- ---------------------------------------------------------------- staging layouts
CREATE TABLE staging.stg_dossier (
    row_no                     integer NOT NULL,
    ma_ho_so                   text    NOT NULL,
    ma_tthc                    text    NOT NULL,
    ten_tthc                   text,
    ma_linh_vuc                text,
    ten_linh_vuc               text,
    ma_don_vi                  text    NOT NULL,
    don_vi_xu_ly               text,
    channel_code               smallint NOT NULL,
    channel_given              boolean NOT NULL,
    applicant_type             smallint,
    chu_ho_so                  text,
    so_dien_thoai              text,
    email                      text,
    so_giay_to                 text,
    submitted_at               timestamptz,
    received_at                timestamptz NOT NULL,
    due_at                     timestamptz,
    finished_at                timestamptz,
    returned_at                timestamptz,
    status_code                smallint NOT NULL,
    timeliness                 text,
    days_taken                 numeric(8, 2),
    fee_amount                 numeric(14, 0),
    has_fee                    boolean NOT NULL,
    paid_online                boolean NOT NULL,
    payment_gateway            smallint,
    returned_by_post           boolean NOT NULL,
    digitised_input            boolean NOT NULL,
    electronic_result          boolean NOT NULL,
    supplement_count           smallint NOT NULL,
    supplement_wait_days       numeric(8, 2),
    source_event_at            timestamptz NOT NULL,
    row_hash                   bigint  NOT NULL,
    extra                      jsonb
);
COMMENT ON TABLE staging.stg_dossier IS 'Layout of the per-load staging table: one normalised, validated dossier row per source row.';

CREATE TABLE staging.stg_procedure (
    row_no        integer NOT NULL,
    ma_tthc       text    NOT NULL,
    ten_tthc      text    NOT NULL,
    ma_linh_vuc   text,
    ten_linh_vuc  text,
    cap_thuc_hien text    NOT NULL,
    muc_do_dvctt  text    NOT NULL,
    lien_thong    boolean NOT NULL,
    thoi_han_ngay numeric(6, 2),
    co_phi        boolean NOT NULL
);

CREATE TABLE staging.stg_unit (
    row_no       integer NOT NULL,
    ma_dvhc      text    NOT NULL,
    ten_don_vi   text    NOT NULL,
    cap          text    NOT NULL,
    loai         text,
    ma_dinh_danh text    NOT NULL,
    ma_dvhc_cha  text
);

-- ---------------------------------------------------------------- dw: dimensions
CREATE TABLE dw.dim_date (
    date_key       integer PRIMARY KEY,          -- yyyymmdd
    full_date      date     NOT NULL UNIQUE,
    year           smallint NOT NULL,
    quarter        smallint NOT NULL,
    month          smallint NOT NULL,
    day            smallint NOT NULL,
    iso_day_of_week smallint NOT NULL,           -- 1 = Monday
    is_weekend     boolean  NOT NULL,
    is_working_day boolean  NOT NULL             -- weekends off; public holidays: later, as data
);
INSERT INTO dw.dim_date
SELECT to_char(d, 'YYYYMMDD')::integer, d::date, extract(year FROM d), extract(quarter FROM d),
       extract(month FROM d), extract(day FROM d), extract(isodow FROM d),
       extract(isodow FROM d) >= 6, extract(isodow FROM d) < 6
FROM generate_series(date '2015-01-01', date '2035-12-31', interval '1 day') AS d;

CREATE TABLE dw.dim_channel (
    channel_code smallint PRIMARY KEY,
    name         text NOT NULL,
    name_en      text NOT NULL
);
INSERT INTO dw.dim_channel VALUES
    (1, 'Trực tiếp', 'in person'),
    (2, 'Trực tuyến', 'online'),
    (3, 'Bưu chính công ích', 'public postal service');

CREATE TABLE dw.dim_status (
    status_code smallint PRIMARY KEY,
    name        text    NOT NULL,
    name_en     text    NOT NULL,
    is_final    boolean NOT NULL,   -- processing has ended (3, 7, 8, 9, 10)
    is_resolved boolean NOT NULL    -- a result was produced (9, 10)
);
INSERT INTO dw.dim_status VALUES
    (1, 'Mới đăng ký', 'newly registered', false, false),
    (2, 'Được tiếp nhận', 'accepted', false, false),
    (3, 'Không được tiếp nhận', 'refused at intake', true, false),
    (4, 'Đang xử lý', 'in progress', false, false),
    (5, 'Yêu cầu bổ sung giấy tờ', 'supplement requested', false, false),
    (6, 'Yêu cầu thực hiện nghĩa vụ tài chính', 'payment requested', false, false),
    (7, 'Công dân yêu cầu rút hồ sơ', 'withdrawn by applicant', true, false),
    (8, 'Dừng xử lý', 'processing stopped', true, false),
    (9, 'Đã xử lý xong', 'result ready', true, true),
    (10, 'Đã trả kết quả', 'result returned', true, true);

CREATE TABLE dw.dim_field (
    field_key    serial  PRIMARY KEY,
    ma_linh_vuc  text    NOT NULL UNIQUE,
    ten_linh_vuc text,
    is_inferred  boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dw.dim_unit (
    unit_key        serial  PRIMARY KEY,
    unit_code       text    NOT NULL,            -- mã định danh (agency code) = MaDonVi of dossiers
    gso_code        text,                        -- mã ĐVHC
    name            text    NOT NULL,
    level           text    CHECK (level IN ('tinh', 'huyen', 'xa')),
    kind            text,                        -- Tỉnh, Huyện, Thị xã, Thành phố, Xã, Phường, Thị trấn
    parent_gso_code text,
    parent_unit_key integer REFERENCES dw.dim_unit,
    is_inferred     boolean NOT NULL DEFAULT false,
    valid_from      date    NOT NULL DEFAULT date '1900-01-01',
    valid_to        date    NOT NULL DEFAULT date '9999-12-31',
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dim_unit_current_code ON dw.dim_unit (unit_code) WHERE valid_to = date '9999-12-31';
CREATE UNIQUE INDEX dim_unit_current_gso ON dw.dim_unit (gso_code) WHERE valid_to = date '9999-12-31';

CREATE TABLE dw.dim_procedure (
    procedure_key     serial  PRIMARY KEY,
    ma_tthc           text    NOT NULL,          -- local code, e.g. 1.004616.000.00.00.H56
    ma_tthc_quoc_gia  text    NOT NULL,          -- national code, e.g. 1.004616
    ten_tthc          text    NOT NULL,
    field_key         integer REFERENCES dw.dim_field,
    cap_thuc_hien     text    CHECK (cap_thuc_hien IN ('xa', 'huyen', 'tinh')),
    muc_do_dvctt      text    CHECK (muc_do_dvctt IN ('khong', 'mot_phan', 'toan_trinh')),
    lien_thong        boolean,
    thoi_han_ngay     numeric(6, 2),             -- statutory time limit, working days
    co_phi            boolean,
    is_inferred       boolean NOT NULL DEFAULT false,
    valid_from        date    NOT NULL DEFAULT date '1900-01-01',
    valid_to          date    NOT NULL DEFAULT date '9999-12-31',
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dim_procedure_current_code ON dw.dim_procedure (ma_tthc) WHERE valid_to = date '9999-12-31';

-- ---------------------------------------------------------------- dw: facts
-- The fact tables carry no foreign keys: the loader guarantees every key (dimension keys come from joins,
-- codes and dates from GX rules; tests/test_sample_load.py checks for orphans), and a per-row FK trigger
-- for each of eight keys would dominate a million-row load.
CREATE TABLE dw.fact_dossier (
    dossier_key             bigserial PRIMARY KEY,
    ma_ho_so                text     NOT NULL UNIQUE,
    unit_key                integer  NOT NULL,
    procedure_key           integer  NOT NULL,
    field_key               integer,
    channel_code            smallint NOT NULL,
    channel_given           boolean  NOT NULL,
    status_code             smallint NOT NULL,
    applicant_type          smallint,
    received_date_key       integer  NOT NULL,
    due_date_key            integer,
    finished_date_key       integer,
    submitted_at            timestamptz,
    received_at             timestamptz NOT NULL,
    due_at                  timestamptz,
    finished_at             timestamptz,
    returned_at             timestamptz,
    online_level_at_receipt text,
    timeliness              text CHECK (timeliness IN ('truoc_han', 'dung_han', 'qua_han')),
    days_taken              numeric(8, 2),
    fee_amount              numeric(14, 0),
    has_fee                 boolean  NOT NULL,
    paid_online             boolean  NOT NULL,
    payment_gateway         smallint,
    returned_by_post        boolean  NOT NULL,
    digitised_input         boolean  NOT NULL,
    electronic_result       boolean  NOT NULL,
    supplement_count        smallint NOT NULL,
    supplement_wait_days    numeric(8, 2),
    source_event_at         timestamptz NOT NULL,
    row_hash                bigint   NOT NULL,
    first_load_id           bigint   NOT NULL,
    last_load_id            bigint   NOT NULL,
    inserted_at             timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fact_dossier_unit_received ON dw.fact_dossier (unit_key, received_date_key);
CREATE INDEX fact_dossier_procedure ON dw.fact_dossier (procedure_key);

CREATE TABLE dw.fact_dossier_status_history (
    dossier_key  bigint   NOT NULL,
    status_code  smallint NOT NULL,
    observed_at  timestamptz NOT NULL,           -- the latest event date of the record that carried it
    load_id      bigint   NOT NULL,
    PRIMARY KEY (dossier_key, load_id)
);
COMMENT ON TABLE dw.fact_dossier_status_history IS 'Each status a dossier was seen in, one row per load that changed it.';

-- ---------------------------------------------------------------- the analyst role
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN
        CREATE ROLE analyst NOLOGIN;
    END IF;
    -- analysts may connect but not create temporary tables: they write nothing at all
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO analyst', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA dw TO analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA dw TO analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA dw GRANT SELECT ON TABLES TO analyst;
