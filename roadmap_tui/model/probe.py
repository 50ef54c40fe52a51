"""Is the database ready? Answered without loading the ORM.

Every command asks this before it starts; on SQLite two sqlite3 queries
answer it, so read-only commands keep their fast start.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from roadmap_tui.model.schema_head import HEAD
from roadmap_tui.settings import sqlite_path

State = Literal["missing", "outdated", "current"]


def schema_state(url: str) -> State:
    """"missing": no tables (or no file); "outdated": an older schema; "current"."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return "missing"
        with sqlite3.connect(path) as connection:
            names = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name IN ('assignment', 'alembic_version')")}
            version = (connection.execute("SELECT version_num FROM alembic_version").fetchone()
                       if "alembic_version" in names else None)
        return _state("assignment" in names, version[0] if version else None)
    from sqlalchemy import inspect, text

    from roadmap_tui.model.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection)
            found = (connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                     if tables.has_table("alembic_version") else None)
            return _state(tables.has_table("assignment"), found)
    finally:
        engine.dispose()


def _state(has_tables: bool, version: str | None) -> State:
    if not has_tables:
        return "missing"
    return "current" if version == HEAD else "outdated"

