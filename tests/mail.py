"""A real SMTP server on loopback for the tests that send e-mail (aiosmtpd): it keeps what it receives and can
refuse recipients. ``conftest.mail_server`` is the fixture; ``start_server`` serves a handler with options
(authentication, TLS) for the tests of those."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import SimpleNamespace

from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler that keeps the raw bytes, sender and recipients of every message it receives.
    ``refuse``: True refuses every recipient, a collection refuses those addresses (550)."""

    def __init__(self):
        self.received: list[SimpleNamespace] = []
        self.refuse: bool | tuple[str, ...] = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse is True or address in (self.refuse or ()):
            return "550 5.7.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(SimpleNamespace(raw=bytes(envelope.original_content), mail_from=envelope.mail_from,
                                             rcpt_tos=list(envelope.rcpt_tos)))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(m.raw, policy=policy.default) for m in self.received]

    def take(self) -> dict[str, EmailMessage]:
        """{recipient: message} of what arrived since the last call (one recipient per message)."""
        taken = {m.rcpt_tos[0]: mail for m, mail in zip(self.received, self.messages())}
        assert len(taken) == len(self.received)
        self.received = []
        return taken


def free_port() -> int:
    """A port nothing listens on (aiosmtpd checks its readiness by connecting to the port it is given)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(handler: Mailbox, **options) -> tuple[Controller, int]:
    """Serve ``handler`` on a free loopback port; the controller (stop it) and the port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller, port
