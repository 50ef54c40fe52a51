"""The write lock a transaction takes first (a leaf: the engine and the migrations both need it)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: Any constant: PostgreSQL's advisory lock that serialises schema work.
_PG_SCHEMA_LOCK = 7_242_100_003


def lock_for_writing(connection: Connection, *, schema: bool = False) -> None:
    """Take the write lock at the start of the transaction.

    SQLite: BEGIN IMMEDIATE (waits up to the busy timeout; then every read in
    the transaction sees the latest data). PostgreSQL, for schema work: an
    advisory transaction lock (row writes lock their rows with FOR UPDATE).
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif schema and connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
