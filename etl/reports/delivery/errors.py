"""The exceptions of report delivery, in a module of their own: the archive, the mail and the log parts raise
them, and ``deliver()`` catches them, without importing one another in a circle."""
from __future__ import annotations


class DeliveryError(Exception):
    """A report could not be delivered."""


class InvalidDelivery(DeliveryError, ValueError):
    """The inputs of a delivery are wrong (recipients, files, subject, codes); nothing was recorded."""


class ArchiveConflict(DeliveryError):
    """The archive already holds a different content under the name a file would take."""


class SmtpUnavailable(DeliveryError):
    """The SMTP connection could not be used (an Airflow connection that is missing or unusable); its message
    is in Vietnamese and ends up in the ``loi`` row and in ``SendFailed``."""


class SendFailed(DeliveryError):
    """The SMTP server could not be reached or refused the e-mail; the attempt is recorded as ``loi``."""

    def __init__(self, message: str, delivery_id: int | None = None):
        super().__init__(message)
        self.delivery_id = delivery_id
