"""Export and mail settings, read from the environment once and overridable by flags.

Everything deeper receives an `ExportConfig`; no exporter module reads the
environment itself, so tests pin settings by constructing one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from roadmap_tui.errors import BadInput

DEFAULT_BASE_URL = "http://127.0.0.1:8080"
DEFAULT_ALARMS = (7, 1)


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    ssl: bool = False  # implicit TLS from the first byte (usually port 465)
    cafile: str | None = None  # PEM file of CAs to trust instead of the system's
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "roadmap@localhost"


@dataclass(frozen=True)
class ExportConfig:
    base_url: str = DEFAULT_BASE_URL
    alarms: tuple[int, ...] = DEFAULT_ALARMS
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    coordinator: str = ""  # who to ask, as digests print it: "Иванова И.И., 8 (3822) 00-00-00, ivanova@…"

    @property
    def base_configured(self) -> bool:
        """Whether a public address was set; the loopback default works on this computer only."""
        return self.base_url.rstrip("/") != DEFAULT_BASE_URL
    def with_overrides(self, **values: Any) -> ExportConfig:
        """A copy with the non-None values replaced (CLI flags win over env)."""
        smtp_keys = {"host", "port", "starttls", "ssl", "cafile", "user", "password", "sender"}
        smtp = {k: v for k, v in values.items() if k in smtp_keys and v is not None}
        own = {k: v for k, v in values.items() if k not in smtp_keys and v is not None}
        return replace(self, smtp=replace(self.smtp, **smtp), **own)


def parse_alarms(text: str) -> tuple[int, ...]:
    """'7,1' -> (7, 1); '' or 'нет' -> no reminders."""
    text = text.strip()
    if not text or text.lower() in {"0", "нет", "none", "no"}:
        return ()
    try:
        days = tuple(sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise BadInput(f"Неверный список напоминаний «{text}»: ожидаются дни через запятую, например 7,1.") from None
    if any(d < 0 or d > 365 for d in days):
        raise BadInput(f"Напоминания «{text}»: дни должны быть от 0 до 365.")
    return days


def _flag(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "on", "да"}


def config_from_env(env: Mapping[str, str] | None = None) -> ExportConfig:
    """Settings from ROADMAP_BASE_URL, ROADMAP_ALARMS, ROADMAP_COORDINATOR and ROADMAP_SMTP_* / ROADMAP_MAIL_FROM.

    ROADMAP_SMTP_SSL=1 means implicit TLS (port 465 unless ROADMAP_SMTP_PORT says
    otherwise), ROADMAP_SMTP_STARTTLS=1 upgrades a plain connection;
    ROADMAP_SMTP_CAFILE names the PEM file of CAs that the server's certificate
    must chain to (the system's store otherwise). Verification is never off.
    """
    env = os.environ if env is None else env
    use_ssl = _flag(env.get("ROADMAP_SMTP_SSL", ""))
    port_text = env.get("ROADMAP_SMTP_PORT") or ("465" if use_ssl else "25")
    try:
        port = int(port_text)
    except ValueError:
        raise BadInput(f"ROADMAP_SMTP_PORT «{port_text}»: ожидается номер порта.") from None
    smtp = SmtpConfig(
        host=env.get("ROADMAP_SMTP_HOST") or "localhost",
        port=port,
        starttls=_flag(env.get("ROADMAP_SMTP_STARTTLS", "")),
        ssl=use_ssl,
        cafile=env.get("ROADMAP_SMTP_CAFILE") or None,
        user=env.get("ROADMAP_SMTP_USER") or None,
        password=env.get("ROADMAP_SMTP_PASSWORD") or None,
        sender=env.get("ROADMAP_MAIL_FROM") or "roadmap@localhost",
    )
    alarms = parse_alarms(env["ROADMAP_ALARMS"]) if "ROADMAP_ALARMS" in env else DEFAULT_ALARMS
    base = (env.get("ROADMAP_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return ExportConfig(base_url=base, alarms=alarms, smtp=smtp,
                        coordinator=" ".join((env.get("ROADMAP_COORDINATOR") or "").split()))
