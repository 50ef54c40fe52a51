"""Is the database ready, and is it ours? Answered without loading the ORM.

Every command asks this before it starts; on SQLite two sqlite3 queries
answer it, so read-only commands keep their fast start. A file with tables
that are not ours is "foreign": nothing may create tables in it, migrate it
or delete it (it may be someone's only copy of their data).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Literal

from roadmap_tui.errors import BadInput
from roadmap_tui.model.schema_head import HEAD
from roadmap_tui.settings import sqlalchemy_url, sqlite_path, sqlite_uri

State = Literal["missing", "outdated", "current", "foreign"]

#: The tables of revision 0001: a database made before migrations has all of them.
OUR_TABLES = frozenset({"body", "document", "section", "item", "item_due", "item_body",
                        "assignment", "status_change", "import_note"})


def schema_state(url: str) -> State:
    """"missing": no file or no tables; "outdated"; "current"; "foreign": not our tables."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return "missing"
        try:
            # Read-only: asking must not create, lock for writing or convert the file.
            with sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=30) as connection:
                names = {row[0] for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                version = (connection.execute("SELECT version_num FROM alembic_version").fetchone()
                           if "alembic_version" in names else None)
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error) or "malformed" in str(error):
                raise BadInput(f"{path} — не база данных roadmap (файл не SQLite или повреждён); "
                               "он не изменён. Укажите другой файл: --db ПУТЬ.") from None
            raise
        return classify(names, version[0] if version else None)
    # A plain engine: asking needs none of model.db's SQLite pragmas (and importing
    # model.db here would close an import loop db -> schema -> probe -> db).
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            found = (connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                     if "alembic_version" in tables else None)
            return classify(tables, found)
    finally:
        engine.dispose()


def classify(tables: Iterable[str], version: str | None) -> State:
    """The state of a database that holds `tables` at alembic `version`."""
    names = {t for t in tables if not t.startswith("sqlite_")}
    if not names:
        return "missing"
    if version is not None:
        return "current" if version == HEAD else "outdated"
    # No alembic_version: ours only if made by revision 0001's schema (before migrations).
    return "outdated" if OUR_TABLES <= names else "foreign"


def refuse_foreign(where: str) -> BadInput:
    """The refusal for a database that is not ours (it is left exactly as it was)."""
    return BadInput(
        f"{where} содержит чужие таблицы (это не база roadmap); файл не изменён. "
        "Укажите другой файл: --db ПУТЬ."
    )
