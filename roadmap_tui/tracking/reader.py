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
from datetime import date
from typing import Any, Protocol

from roadmap_tui.settings import sqlite_path


class Reader(Protocol):
    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]: ...


class _SqliteReader:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        # sqlite3 stores our dates as ISO text; bind them the same way.
        bound = {k: v.isoformat() if isinstance(v, date) else v for k, v in (params or {}).items()}
        return self._connection.execute(sql, bound).fetchall()


class _AlchemyReader:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        from sqlalchemy import text

        return list(self._connection.execute(text(sql), params or {}).all())


@contextmanager
def open_reader(url: str) -> Iterator[Reader]:
    """A reader over the database at `url` (which must already exist)."""
    path = sqlite_path(url)
    if path is not None:
        lite = sqlite3.connect(path, timeout=30)
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


def as_date(value: Any) -> date | None:
    """A DATE column's value as `date` (SQLite hands back ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
