"""Where the data lives and what "today" is, resolved in one place.

Everything below the CLI and the TUI receives these values injected; nothing
deeper reads the environment or the wall clock, so tests can pin both.
Kept free of heavy imports: the fast read path of `roadmap overdue` uses it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Tomsk")
PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
BUNDLED_ROADMAPS = DATA_DIR / "roadmaps"
BUNDLED_BODIES = DATA_DIR / "bodies.csv"
DEFAULT_DB_PATH = DATA_DIR / "roadmap.db"
DEFAULT_EXPORT_DIR = PROJECT_DIR / "exports"


def utcnow() -> datetime:
    """Now, as an aware UTC timestamp: what every change is stamped with."""
    return datetime.now(UTC)


def today_in_tomsk(now: datetime | None = None) -> date:
    """The current calendar day in Asia/Tomsk (deadlines are whole local days)."""
    return (now or datetime.now(TIMEZONE)).astimezone(TIMEZONE).date()


def recurrence_horizon(today: date) -> date:
    """How far open-ended recurrences run: to the end of next year, so re-importing
    later extends them (the horizon rolls with today)."""
    return date(today.year + 1, 12, 31)


def database_url(value: str | None = None) -> str:
    """Turn `--db`/`ROADMAP_DB` (an SQLAlchemy URL or a file path) into a URL."""
    value = value or os.environ.get("ROADMAP_DB") or str(DEFAULT_DB_PATH)
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_uri(path: Path, mode: str) -> str:
    """An SQLite `file:` URI for `path`; `#`, `?` and `%` in the path are escaped,
    so they stay part of the file name instead of starting a fragment or a query."""
    from urllib.parse import quote

    return f"file:{quote(str(path), safe='/')}?mode={mode}"


def is_postgres(url: str) -> bool:
    """Whether `url` names a PostgreSQL database (any driver spelling)."""
    return url.split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def libpq_url(url: str) -> str:
    """The libpq URI of a PostgreSQL URL, whatever driver its scheme names.

    `postgresql+psycopg://u@h/db` (SQLAlchemy's spelling) and `postgres://u@h/db`
    both become `postgresql://u@h/db`, which psycopg2 (libpq) connects to.
    """
    return "postgresql://" + url.split("://", 1)[1]


def sqlalchemy_url(url: str) -> str:
    """The URL SQLAlchemy gets: PostgreSQL always through psycopg2, our one driver.

    One driver serves the ORM and the lean path alike; psycopg2 loads in a
    fifth of psycopg 3's time, which matters to a command that must answer in
    tens of milliseconds.
    """
    return "postgresql+psycopg2://" + url.split("://", 1)[1] if is_postgres(url) else url


def sqlite_path(url: str) -> Path | None:
    """The file behind a `sqlite:///` URL, or None for other databases."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != prefix + ":memory:":
        return Path(url[len(prefix):])
    return None


@dataclass(frozen=True)
class Settings:
    """What the CLI and the TUI build their core calls from."""

    db_url: str
    today: date
    user: str = field(default_factory=lambda: os.environ.get("ROADMAP_USER") or _login())
    export_dir: Path = DEFAULT_EXPORT_DIR


def _login() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "координатор")
