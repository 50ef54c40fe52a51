"""Does the database need creating? Answered without loading the ORM.

Every command asks this before it starts; on SQLite one sqlite3 query
answers it, so read-only commands keep their fast start.
"""

from __future__ import annotations

import sqlite3

from roadmap_tui.settings import sqlite_path


def needs_schema(url: str) -> bool:
    """True when the database has no tables yet (or, for SQLite, no file)."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return True
        with sqlite3.connect(path) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assignment'"
            ).fetchone()
        return found is None
    from sqlalchemy import inspect

    from roadmap_tui.model.db import make_engine

    engine = make_engine(url)
    try:
        return not inspect(engine).has_table("assignment")
    finally:
        engine.dispose()
