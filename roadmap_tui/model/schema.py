"""The schema's version: create a database at head, upgrade an older one.

Alembic owns the schema. `schema_head.HEAD` repeats the newest revision id
so that the check every command makes ("is this database current?") is one
sqlite3 query, not an import of SQLAlchemy and Alembic; a test keeps the two
equal.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from roadmap_tui.model.schema_head import HEAD

__all__ = ["HEAD", "MIGRATIONS", "alembic_config", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: object | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it if empty), in one transaction."""
    from alembic import command
    from sqlalchemy import inspect

    with engine.begin() as connection:
        config = alembic_config(connection)
        tables = inspect(connection)
        if tables.has_table("assignment") and not tables.has_table("alembic_version"):
            # Made before migrations existed, by the schema of revision 0001.
            command.stamp(config, "0001")  # type: ignore[arg-type]
        command.upgrade(config, "head")  # type: ignore[arg-type]
