"""A read-only connection that costs nothing to open.

On SQLite it is the standard library's sqlite3 (no SQLAlchemy import, which
alone takes longer than the whole `roadmap overdue` budget); elsewhere it is
an SQLAlchemy connection. Both take the same portable SQL with `:name`
parameters, so there is one query text for both databases.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Protocol

from roadmap_tui.settings import sqlite_path, sqlite_uri

_BATCH = 5000


class Reader(Protocol):
    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        """All rows of a (small, LIMITed) result."""

    def stream(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Sequence[Any]]:
        """Rows as the database steps them, so memory stays flat on a million."""


def indexed_by(reader: Reader, index: str) -> str:
    """SQLite's `INDEXED BY index` for a table in FROM, nothing elsewhere.

    For the few pages whose good plan SQLite does not find from the data alone
    (without statistics it reads the overdue page from the status index and
    sorts every past-due row); PostgreSQL plans the same text without the hint.
    """
    return f"INDEXED BY {index}" if getattr(reader, "dialect", "") == "sqlite" else ""


class _SqliteReader:
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _execute(self, sql: str, params: dict[str, Any] | None) -> sqlite3.Cursor:
        # sqlite3 stores our dates as ISO text; bind them the same way.
        bound = {k: v.isoformat() if isinstance(v, date) else v for k, v in (params or {}).items()}
        return self._connection.execute(sql, bound)

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        return self._execute(sql, params).fetchall()

    def stream(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Sequence[Any]]:
        cursor = self._execute(sql, params)
        while batch := cursor.fetchmany(_BATCH):
            yield from batch


class _AlchemyReader:
    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self.dialect = str(connection.dialect.name)

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        from sqlalchemy import text

        return list(self._connection.execute(text(sql), params or {}).all())

    def stream(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Sequence[Any]]:
        from sqlalchemy import text

        # yield_per makes the driver use a server-side cursor.
        result = self._connection.execution_options(yield_per=_BATCH).execute(text(sql), params or {})
        for row in result:
            yield tuple(row)


@contextmanager
def open_reader(url: str, *, read_only: bool = False) -> Iterator[Reader]:
    """A reader over the database at `url` (which must already exist)."""
    path = sqlite_path(url)
    if path is not None:
        # Always a URI built with escaping: a `#`, `?` or `%` in the path is part
        # of the file name (a plain f"file:{path}" read "/tmp/x#ours/r.db" as "/tmp/x").
        lite = sqlite3.connect(sqlite_uri(path, "ro" if read_only else "rw"), uri=True,
                               timeout=30)
        try:
            yield _SqliteReader(lite)
        finally:
            lite.close()
        return
    from roadmap_tui.model.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            yield _AlchemyReader(connection)
    finally:
        engine.dispose()


def as_utc(value: Any) -> datetime:
    """A timestamp column as aware UTC (SQLite hands back naive ISO text; we store UTC)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_date(value: Any) -> date | None:
    """A DATE column's value as `date` (SQLite hands back ISO text)."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
