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
