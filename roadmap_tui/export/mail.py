"""Digest e-mails: deterministic .eml files and delivery over SMTP.

Each message is multipart/alternative (plain text first, then HTML), UTF-8,
with a Date, Message-ID and MIME boundary derived from the digest itself, so
the same `--as-of` gives byte-identical .eml files. Delivery uses one SMTP
connection for all messages: plain, STARTTLS or implicit TLS (certificates are
always verified, against ROADMAP_SMTP_CAFILE when given), then optional login.
Every failure becomes a Russian BadInput that says what was delivered before it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from roadmap_tui.errors import BadInput
from roadmap_tui.export.clean import one_line
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
    msg["Subject"] = one_line(subject)  # a header takes no line break (a body named with Alt+Enter)
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


@dataclass
class Delivery:
    """What `send_messages` did: messages accepted, and recipients the server refused."""

    sent: list[EmailMessage] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # address -> server's reply


def send_messages(messages: Sequence[EmailMessage], config: SmtpConfig, *, timeout: float = 30) -> Delivery:
    """Deliver every message over one connection, stopping at the first failure.

    Raises BadInput with a Russian message that says what was already delivered,
    so a failure halfway is never mistaken for success (or for nothing sent).
    """
    delivery = Delivery()
    if not messages:
        return delivery
    context = _tls_context(config) if config.ssl or config.starttls else None
    _check_plain_login(config)
    where = f"{config.host}:{config.port}"
    try:
        with _connect(config, context, timeout) as smtp:
            smtp.ehlo()
            if config.starttls:
                if not smtp.has_extn("starttls"):
                    raise BadInput(f"SMTP: сервер {where} не поддерживает STARTTLS, а он включён "
                                   "(ROADMAP_SMTP_STARTTLS): без шифрования не отправляем.")
                smtp.starttls(context=context)
                smtp.ehlo()
            if config.user:
                _login(smtp, config, where)
            for msg in messages:
                refused = smtp.send_message(msg)
                delivery.refused.update({a: _reply(code, text) for a, (code, text) in refused.items()})
                delivery.sent.append(msg)
    except BadInput as error:
        raise BadInput(f"{error} {_progress(delivery, messages)}") from None
    except (OSError, smtplib.SMTPException, UnicodeError) as error:  # UnicodeError: e.g. a non-IDNA host
        raise BadInput(f"{_explain(error, config, where)} {_progress(delivery, messages)}") from None
    return delivery


def _connect(config: SmtpConfig, context: ssl.SSLContext | None, timeout: float) -> smtplib.SMTP:
    if config.ssl:
        return smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=context)
    return smtplib.SMTP(config.host, config.port, timeout=timeout)


def _tls_context(config: SmtpConfig) -> ssl.SSLContext:
    """Verifying context: the system's CAs, or only those in `cafile`."""
    if config.ssl and config.starttls:
        raise BadInput("SMTP: включены и ROADMAP_SMTP_SSL, и STARTTLS — выберите одно "
                       "(SSL для порта 465, STARTTLS для 587 или 25).")
    if not config.cafile:
        return ssl.create_default_context()
    path = Path(config.cafile)
    if not path.is_file():
        raise BadInput(f"ROADMAP_SMTP_CAFILE: файл «{path}» не найден.")
    try:
        return ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError, OSError):
        raise BadInput(f"ROADMAP_SMTP_CAFILE: «{path}» не содержит сертификатов в формате PEM.") from None


def _check_plain_login(config: SmtpConfig) -> None:
    """Never send a password in the clear, except to this computer."""
    if config.user and not (config.ssl or config.starttls) and config.host not in _LOOPBACK:
        raise BadInput(f"SMTP: вход на {config.host} без шифрования отправил бы пароль открытым текстом; "
                       "включите ROADMAP_SMTP_STARTTLS=1 (--starttls) или ROADMAP_SMTP_SSL=1.")


_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _login(smtp: smtplib.SMTP, config: SmtpConfig, where: str) -> None:
    user = config.user or ""
    if not smtp.has_extn("auth"):
        hint = "" if config.ssl or config.starttls else " Возможно, вход разрешён только после STARTTLS."
        raise BadInput(f"SMTP: сервер {where} не предлагает вход (AUTH), а указан пользователь «{user}».{hint}")
    try:
        _authenticate(smtp, user, config.password or "")
    except smtplib.SMTPAuthenticationError as error:
        raise BadInput(f"SMTP: сервер {where} отклонил вход пользователя «{user}» "
                       f"({_reply(error.smtp_code, error.smtp_error)}). "
                       "Проверьте ROADMAP_SMTP_USER и ROADMAP_SMTP_PASSWORD.") from None
    except smtplib.SMTPNotSupportedError:
        raise BadInput(f"SMTP: сервер {where} не принимает вход (AUTH) на этом этапе.") from None
    except smtplib.SMTPException as error:
        if "authentication method" in str(error):
            raise BadInput(f"SMTP: сервер {where} не предлагает поддерживаемый способ входа "
                           "(нужен PLAIN, LOGIN или CRAM-MD5).") from None
        raise


def _authenticate(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login, except that non-ASCII credentials go as UTF-8 AUTH PLAIN (RFC 4954).

    smtplib encodes every AUTH argument as ASCII and would crash on «пароль».
    """
    if (user + password).isascii():
        smtp.login(user, password)
        return
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise BadInput("SMTP: логин или пароль содержит не латинские символы, а сервер не предлагает "
                       "способ входа PLAIN, который их передаёт.")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _explain(error: BaseException, config: SmtpConfig, where: str) -> str:
    """A Russian sentence for what went wrong talking to the server."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"SMTP: сертификат сервера {where} не прошёл проверку ({error.verify_message}). "
                "Если сервер использует свой центр сертификации, укажите его файл в ROADMAP_SMTP_CAFILE.")
    if isinstance(error, ssl.SSLError):
        hint = " Возможно, сервер ждёт STARTTLS, а не ROADMAP_SMTP_SSL." if config.ssl else ""
        return f"SMTP: не удалось установить шифрованное соединение с {where} ({error.reason or error}).{hint}"
    if isinstance(error, ConnectionRefusedError):
        return f"SMTP: сервер {where} не отвечает — соединение отклонено (сервер не запущен или порт закрыт)."
    if isinstance(error, UnicodeError):
        return f"SMTP: неверное имя сервера «{config.host}» (проверьте ROADMAP_SMTP_HOST)."
    if isinstance(error, socket.gaierror):
        return f"SMTP: не удалось найти сервер «{config.host}» (проверьте ROADMAP_SMTP_HOST)."
    if isinstance(error, TimeoutError):
        return f"SMTP: сервер {where} не ответил вовремя."
    if isinstance(error, smtplib.SMTPServerDisconnected):
        if "timed out" in str(error):
            return f"SMTP: сервер {where} не ответил вовремя."
        return f"SMTP: сервер {where} неожиданно закрыл соединение."
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        addresses = ", ".join(f"{a} ({_reply(c, t)})" for a, (c, t) in sorted(error.recipients.items()))
        return f"SMTP: сервер {where} отклонил всех получателей письма: {addresses}."
    if isinstance(error, smtplib.SMTPResponseException):
        reply = _reply(error.smtp_code, error.smtp_error)
        if error.smtp_code == 530:
            return (f"SMTP: сервер {where} требует вход или шифрование ({reply}); "
                    "задайте ROADMAP_SMTP_USER/ROADMAP_SMTP_PASSWORD и ROADMAP_SMTP_STARTTLS=1.")
        return f"SMTP: сервер {where} отказал ({reply})."
    if isinstance(error, OSError):
        return f"SMTP: ошибка связи с {where} ({error.strerror or error})."
    return f"SMTP: ошибка при отправке через {where} ({error})."


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}".strip()


def _progress(delivery: Delivery, messages: Sequence[EmailMessage]) -> str:
    if not delivery.sent:
        return "Ни одно письмо не отправлено."
    to = "; ".join(str(m["To"]) for m in delivery.sent)
    return f"До ошибки отправлено {len(delivery.sent)} из {len(messages)}: {to}."
