-- 0017: the delivery log also records the e-mails that ask units for their fill-in workbook (Phiếu số liệu báo
-- cáo CCHC, docs/formats.md §11) before a period's cut-off, and the reminders sent at the cut-off to units that
-- have not submitted it. Each purpose is sent once per unit and period: the "already sent" lookup and the lock
-- of a delivery include it (sql/reports/delivery_sent.sql, delivery_lock.sql).
ALTER TABLE audit.report_delivery
    ADD COLUMN purpose text NOT NULL DEFAULT 'bao_cao'
        CONSTRAINT report_delivery_purpose CHECK (purpose IN ('bao_cao', 'phieu_so_lieu', 'nhac_nop'));
COMMENT ON COLUMN audit.report_delivery.purpose IS 'What was sent: bao_cao = the periodic report; phieu_so_lieu = the unit''s pre-filled fill-in workbook, asking for it before the cut-off; nhac_nop = the reminder at the cut-off to a unit without a submitted workbook (with the workbook again).';
COMMENT ON TABLE audit.report_delivery IS 'Each e-mail delivery of a periodic report, of a request for the fill-in workbook or of a reminder (one row per attempt): a (unit_code, period_code, restated, purpose) that has a da_gui row is not sent again unless forced.';

DROP INDEX audit.report_delivery_report;
CREATE INDEX report_delivery_report ON audit.report_delivery (unit_code, period_code, purpose, restated);
