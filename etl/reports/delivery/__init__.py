"""E-mail a rendered report once, with an archive of what was sent and a delivery log.

- ``logbook``: ``deliver()`` (the steps of a delivery are told there), ``Delivery``, the statuses, the purposes
  (the report, the request for the fill-in workbook, the reminder), the input validation, and the log
  ``audit.report_delivery`` (``already_sent``, ``delivery_log``, ``format_log``);
- ``archive``: the read-only archive of the sent files (``archive_file``, ``ArchivedFile``);
- ``mail``: the message (``build_message``, ``mime_type``) and the senders: ``SmtpSettings`` (smtplib, the
  CCHC_SMTP_* settings of the CLI) and ``AirflowSmtp`` (the SMTP provider's hook on ``smtp_default``);
- ``errors``: the exceptions, shared by all three.

Names are re-exported here; to replace one in a test, patch it in its module (``mail.send_message``), which is
where the code looks it up.
"""
from .archive import ArchivedFile, archive_file, archive_root
from .errors import ArchiveConflict, DeliveryError, InvalidDelivery, SendFailed, SmtpUnavailable
from .logbook import (FAILED, PURPOSES, REPORT, SENDING, SENT, SKIPPED, WORKBOOK_REMINDER, WORKBOOK_REQUEST, Delivery,
                      already_sent, deliver, delivery_log, format_log)
from .mail import MIME_TYPES, AirflowSmtp, Sender, SmtpSettings, build_message, mime_type, send_message

__all__ = [
    "FAILED", "MIME_TYPES", "PURPOSES", "REPORT", "SENDING", "SENT", "SKIPPED", "WORKBOOK_REMINDER",
    "WORKBOOK_REQUEST", "AirflowSmtp", "ArchiveConflict", "ArchivedFile", "Delivery", "DeliveryError",
    "InvalidDelivery", "SendFailed", "Sender", "SmtpSettings", "SmtpUnavailable", "already_sent", "archive_file",
    "archive_root", "build_message", "deliver", "delivery_log", "format_log", "mime_type", "send_message",
]
