"""What the coordinator reads when something fails: one Russian message per cause.

Headless. A worker's exception becomes plain text here (never markup: database
messages are full of `[SQL: … = ?]`). The causes and advice are the CLI's
(`errors.describe_failure`); the UI adds the database's own first line for the
administrator.
"""

from __future__ import annotations

from roadmap_tui.errors import RoadmapError
from roadmap_tui.errors import describe_failure as describe_cause


def _database_error(error: BaseException) -> BaseException | None:
    """The driver's error behind `error` (SQLAlchemy wraps it in `.orig`), if any."""
    import sqlite3

    original = getattr(error, "orig", None)
    if isinstance(original, BaseException):
        return original
    if isinstance(error, sqlite3.Error):
        return error
    module = type(error).__module__
    return error if module.startswith(("psycopg", "sqlalchemy")) else None


def describe_failure(error: BaseException) -> str:
    """The Russian message shown for `error` (plain text, not markup)."""
    if isinstance(error, RoadmapError):
        return str(error)
    database = _database_error(error)
    cause = describe_cause(database if database is not None else error)
    meaning = cause[:1].upper() + cause[1:]
    if database is None:
        return meaning
    first_line = (str(database).strip().splitlines() or [""])[0]
    return f"{meaning}\n\nОтвет базы данных: {first_line}" if first_line else meaning
