-- One attempt to deliver a report, a workbook request or a reminder (purpose) by e-mail, recorded (and committed)
-- before talking to the SMTP server, so that a process that dies while sending leaves a dang_gui row behind.
-- message_id is the Message-ID of the e-mail about to go.
INSERT INTO audit.report_delivery
    (unit_code, period_code, restated, purpose, recipients, files, status, forced, message_id, started_at)
VALUES
    (%(unit_code)s, %(period_code)s, %(restated)s, %(purpose)s, %(recipients)s, %(files)s, 'dang_gui', %(forced)s,
     %(message_id)s, clock_timestamp())
RETURNING delivery_id, started_at
