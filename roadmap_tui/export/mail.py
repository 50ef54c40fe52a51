"""Digest e-mails: deterministic .eml files and delivery over SMTP.

Each message is multipart/alternative (plain text first, then HTML), UTF-8,
with a Date, Message-ID and MIME boundary derived from the digest itself, so
the same `--as-of` gives byte-identical .eml files. Delivery uses one SMTP
connection (optionally STARTTLS and login) for all messages.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from collections.abc import Sequence
from datetime import date, datetime, time
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from roadmap_tui.errors import BadInput
from roadmap_tui.export.config import SmtpConfig
from roadmap_tui.settings import TIMEZONE

_SPLIT = re.compile(r"[,;\s]+")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


def recipients(text: str | None) -> list[str]:
    """'a@x.ru; b@x.ru' -> ['a@x.ru', 'b@x.ru'] (malformed entries dropped)."""
    return [a for a in _SPLIT.split(text or "") if _EMAIL.match(a)]


def build_message(*, subject: str, text: str, html: str, sender: str, to: Sequence[str],
                  as_of: date, key: str) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    if to:
        msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(datetime.combine(as_of, time(8, 0), TIMEZONE))
    msg["Message-ID"] = f"<digest-{as_of.isoformat()}-{key}@roadmap-tui>"
    msg["Content-Language"] = "ru"
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    digest = hashlib.sha256((subject + text + html).encode()).hexdigest()[:24]
    msg.set_boundary(f"==roadmap-{digest}==")
    return msg


def send_messages(messages: Sequence[EmailMessage], config: SmtpConfig, *, timeout: float = 30) -> int:
    """Deliver every message over one connection; return how many were sent."""
    if not messages:
        return 0
    try:
        with smtplib.SMTP(config.host, config.port, timeout=timeout) as smtp:
            smtp.ehlo()
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config.user:
                smtp.login(config.user, config.password or "")
            for msg in messages:
                smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as error:
        raise BadInput(f"Не удалось отправить письма через {config.host}:{config.port}: {error}") from None
    return len(messages)
