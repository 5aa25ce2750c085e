-- 0016: what units state in the fill-in workbook of their CCHC report ("Phiếu số liệu báo cáo CCHC",
-- config/report_inputs.yaml, docs/formats.md §11): plans, propaganda, inspections, tasks, staff, e-office
-- figures, narratives, and the documents they cite.
--
-- One submission per loaded workbook. A later workbook of the same unit and period replaces the earlier one:
-- the earlier submission gets replaced_by and stays, with its values, so the audit trail shows both. The
-- values of a submission are never updated. Reports read the current submission (replaced_by IS NULL) through
-- dw.report_input_current and the lists through the submission_id it gives.
CREATE TABLE dw.report_input_submission (
    submission_id    bigserial   PRIMARY KEY,
    unit_code        text        NOT NULL,
    period_code      text        NOT NULL,
    template_version text        NOT NULL,
    file_id          bigint      NOT NULL REFERENCES audit.landed_file,
    load_id          bigint      NOT NULL REFERENCES audit.file_load,
    prepared_by      text,
    prepared_on      date,
    loaded_at        timestamptz NOT NULL DEFAULT now(),
    replaced_by      bigint      REFERENCES dw.report_input_submission,
    replaced_at      timestamptz
);
CREATE UNIQUE INDEX report_input_submission_current
    ON dw.report_input_submission (unit_code, period_code) WHERE replaced_by IS NULL;
COMMENT ON TABLE dw.report_input_submission IS 'Each loaded fill-in workbook (Phiếu số liệu báo cáo CCHC) of a unit and report period; the current one has replaced_by null, earlier ones are kept with the submission that replaced them.';
COMMENT ON COLUMN dw.report_input_submission.unit_code IS 'Agency code (mã định danh) of the unit the workbook is for, as dw.dim_unit.unit_code.';
COMMENT ON COLUMN dw.report_input_submission.period_code IS 'Report period code of the administrative calendar, e.g. nam:2025, quy:2025-3 (config/periods.yaml).';
COMMENT ON COLUMN dw.report_input_submission.template_version IS 'version of config/report_inputs.yaml the workbook was made from.';
COMMENT ON COLUMN dw.report_input_submission.prepared_by IS 'Người lập phiếu, as written in the workbook.';
COMMENT ON COLUMN dw.report_input_submission.replaced_by IS 'The later submission of the same unit and period that replaced this one; null for the current one.';

CREATE TABLE dw.fact_report_input (
    submission_id bigint  NOT NULL REFERENCES dw.report_input_submission,
    item_code     text    NOT NULL,
    value_number  numeric,
    value_text    text,
    carried       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (submission_id, item_code),
    CHECK (value_number IS NULL OR value_number >= 0)
);
COMMENT ON TABLE dw.fact_report_input IS 'One value of a submitted workbook per item of config/report_inputs.yaml that was filled; an item left empty has no row (the report says it was not given).';
COMMENT ON COLUMN dw.fact_report_input.item_code IS 'The item code of config/report_inputs.yaml, e.g. nhiem_vu_giao.';
COMMENT ON COLUMN dw.fact_report_input.value_number IS 'The value of a number (so) or percentage (ty_le) item; null for text items.';
COMMENT ON COLUMN dw.fact_report_input.value_text IS 'The value of a text item (chu, doan_van, co_khong), NFC; null for number items.';
COMMENT ON COLUMN dw.fact_report_input.carried IS 'The value was pre-filled from the previous period and left as it was.';

CREATE TABLE dw.report_document (
    submission_id bigint  NOT NULL REFERENCES dw.report_input_submission,
    line_no       integer NOT NULL,
    so_ky_hieu    text    NOT NULL,
    ngay          date    NOT NULL,
    loai          text    NOT NULL,
    trich_yeu     text    NOT NULL,
    muc           text    NOT NULL,
    PRIMARY KEY (submission_id, line_no)
);
COMMENT ON TABLE dw.report_document IS 'Documents a unit issued to carry out the reform, as listed on the workbook sheet "Văn bản": the report cites each in the section muc, as a footnote "Quyết định số 01/QĐ-UBND ngày 02/01/2024".';
COMMENT ON COLUMN dw.report_document.so_ky_hieu IS 'Số, ký hiệu, e.g. 01/QĐ-UBND.';
COMMENT ON COLUMN dw.report_document.loai IS 'Kind of document: Quyết định, Kế hoạch, Công văn, …';
COMMENT ON COLUMN dw.report_document.muc IS 'The report section the document is cited in, a section code of config/report_inputs.yaml (I.1, II.5, …).';

CREATE TABLE dw.report_inspection (
    submission_id bigint  NOT NULL REFERENCES dw.report_input_submission,
    line_no       integer NOT NULL,
    doi_tuong     text    NOT NULL,
    ngay          date    NOT NULL,
    ton_tai       integer CHECK (ton_tai >= 0),
    da_khac_phuc  integer CHECK (da_khac_phuc >= 0),
    PRIMARY KEY (submission_id, line_no)
);
COMMENT ON TABLE dw.report_inspection IS 'Inspections and self-inspections of the reform in the period, as listed on the workbook sheet "Kiểm tra".';

CREATE TABLE dw.report_initiative (
    submission_id bigint  NOT NULL REFERENCES dw.report_input_submission,
    line_no       integer NOT NULL,
    ten           text    NOT NULL,
    nam_ap_dung   integer,
    ket_qua       text,
    PRIMARY KEY (submission_id, line_no)
);
COMMENT ON TABLE dw.report_initiative IS 'Models and initiatives of the reform, as listed on the workbook sheet "Mô hình".';

CREATE VIEW dw.report_input_current AS
SELECT s.submission_id, s.unit_code, s.period_code, s.template_version, s.prepared_by, s.prepared_on, s.loaded_at,
       i.item_code, i.value_number, i.value_text, i.carried
FROM dw.report_input_submission s
JOIN dw.fact_report_input i USING (submission_id)
WHERE s.replaced_by IS NULL;
COMMENT ON VIEW dw.report_input_current IS 'The values of the current workbook of each unit and period (the latest submission).';

-- the columns not described above
COMMENT ON COLUMN dw.report_input_submission.submission_id IS 'Surrogate key of the submission (one loaded workbook).';
COMMENT ON COLUMN dw.report_input_submission.file_id IS 'The landed workbook file -> audit.landed_file.';
COMMENT ON COLUMN dw.report_input_submission.load_id IS 'The load that read it -> audit.file_load.';
COMMENT ON COLUMN dw.report_input_submission.prepared_on IS 'Ngày lập phiếu, as written in the workbook; null when not given.';
COMMENT ON COLUMN dw.report_input_submission.loaded_at IS 'When the workbook was loaded.';
COMMENT ON COLUMN dw.report_input_submission.replaced_at IS 'When a later submission replaced this one; null for the current one.';
COMMENT ON COLUMN dw.fact_report_input.submission_id IS 'The submission the value belongs to -> report_input_submission.';
COMMENT ON COLUMN dw.report_document.submission_id IS 'The submission that lists the document -> report_input_submission.';
COMMENT ON COLUMN dw.report_document.line_no IS 'Position of the document on the sheet, 1, 2, … in sheet order (empty rows skipped).';
COMMENT ON COLUMN dw.report_document.ngay IS 'Ngày ban hành: the day the document was issued; not after the period''s last day.';
COMMENT ON COLUMN dw.report_document.trich_yeu IS 'Trích yếu: what the document is about, as written.';
COMMENT ON COLUMN dw.report_inspection.submission_id IS 'The submission that lists the inspection -> report_input_submission.';
COMMENT ON COLUMN dw.report_inspection.line_no IS 'Position of the inspection on the sheet, 1, 2, … in sheet order.';
COMMENT ON COLUMN dw.report_inspection.doi_tuong IS 'The body or section inspected, as written.';
COMMENT ON COLUMN dw.report_inspection.ngay IS 'Day of the inspection, inside the report period.';
COMMENT ON COLUMN dw.report_inspection.ton_tai IS 'Shortcomings found; null when not given.';
COMMENT ON COLUMN dw.report_inspection.da_khac_phuc IS 'Shortcomings since remedied (at most ton_tai); null when not given.';
COMMENT ON COLUMN dw.report_initiative.submission_id IS 'The submission that lists the initiative -> report_input_submission.';
COMMENT ON COLUMN dw.report_initiative.line_no IS 'Position of the initiative on the sheet, 1, 2, … in sheet order.';
COMMENT ON COLUMN dw.report_initiative.ten IS 'Name of the model or initiative, as written.';
COMMENT ON COLUMN dw.report_initiative.nam_ap_dung IS 'Year it was first applied; null when not given.';
COMMENT ON COLUMN dw.report_initiative.ket_qua IS 'Its results, as written (a paragraph); null when not given.';
COMMENT ON COLUMN dw.report_input_current.submission_id IS 'The current submission of the unit and period -> report_input_submission.';
COMMENT ON COLUMN dw.report_input_current.unit_code IS 'Agency code of the unit (report_input_submission.unit_code).';
COMMENT ON COLUMN dw.report_input_current.period_code IS 'Report period code (report_input_submission.period_code).';
COMMENT ON COLUMN dw.report_input_current.template_version IS 'Template version of the workbook (report_input_submission.template_version).';
COMMENT ON COLUMN dw.report_input_current.prepared_by IS 'Người lập phiếu (report_input_submission.prepared_by).';
COMMENT ON COLUMN dw.report_input_current.prepared_on IS 'Ngày lập phiếu (report_input_submission.prepared_on).';
COMMENT ON COLUMN dw.report_input_current.loaded_at IS 'When the workbook was loaded (report_input_submission.loaded_at).';
COMMENT ON COLUMN dw.report_input_current.item_code IS 'Item code of config/report_inputs.yaml (fact_report_input.item_code).';
COMMENT ON COLUMN dw.report_input_current.value_number IS 'Value of a number or percentage item (fact_report_input.value_number).';
COMMENT ON COLUMN dw.report_input_current.value_text IS 'Value of a text item (fact_report_input.value_text).';
COMMENT ON COLUMN dw.report_input_current.carried IS 'Pre-filled from the previous period and left as it was (fact_report_input.carried).';

GRANT SELECT ON dw.report_input_submission, dw.fact_report_input, dw.report_document, dw.report_inspection,
    dw.report_initiative, dw.report_input_current TO analyst;
