"""Engines and units of work for SQLite and PostgreSQL alike.

SQLite runs in WAL mode with foreign keys on, so readers (the TUI, `roadmap
overdue`) never wait for a writer and a deleted document takes its items with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from roadmap_tui.model import tables  # noqa: F401  (registers the tables)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite connections get WAL, foreign keys, a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create the schema, or bring an older one up to date (Alembic migrations)."""
    from roadmap_tui.model.schema import upgrade

    upgrade(engine)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
