"""Engines and units of work for SQLite and PostgreSQL alike.

SQLite runs in WAL mode with foreign keys on, so readers (the TUI, `roadmap
overdue`) never wait for a writer and a deleted document takes its items with it.
A unit of work takes SQLite's write lock when it starts (BEGIN IMMEDIATE):
writers queue instead of reading a row, losing the race and failing as stale.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, create_engine

from roadmap_tui.model import tables  # noqa: F401  (registers the tables)
from roadmap_tui.model.connection import Writer
from roadmap_tui.model.locks import lock_for_writing
from roadmap_tui.settings import sqlalchemy_url, sqlite_path

_BUSY_SECONDS = 30


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite connections get WAL, foreign keys, a busy timeout."""
    path = sqlite_path(url)
    if path is not None:
        # Built from parts: a `?` or `#` in the file name must not become a URL query.
        target: str | URL = URL.create("sqlite", database=str(path))
    else:
        target = sqlalchemy_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(target, echo=echo, connect_args={"timeout": _BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(target, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Switching a new file to WAL needs a moment of exclusive access; parallel
    # first uses can collide here before the busy timeout applies, so retry.
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except Exception as error:  # sqlite3.OperationalError, without importing sqlite3 types
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
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
            lock_for_writing(session.connection())
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def lean(session: Session) -> Writer:
    """The session's own connection and transaction, for the plain-SQL core functions.

    Lets an ORM unit of work (imports, corrections) call what the lean paths call
    (status changes, history reads) inside the same transaction.
    """
    connection = session.connection()
    return Writer(connection.connection.dbapi_connection, connection.dialect.name)
