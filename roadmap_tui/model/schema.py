"""The schema's version: create a database at head, upgrade an older one.

Alembic owns the schema. `schema_head.HEAD` repeats the newest revision id
so that the check every command makes ("is this database current?") is one
sqlite3 query, not an import of SQLAlchemy and Alembic; a test keeps the two
equal.

Creation, migration and the first fill (the registry, the bundled roadmaps)
are one transaction under one lock: SQLite's DDL is transactional once the
transaction is opened explicitly (the driver would otherwise commit table by
table), and PostgreSQL's always is. A kill leaves the database as it was;
parallel first uses queue on the lock and find the finished schema.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from roadmap_tui.model.locks import lock_for_writing
from roadmap_tui.model.probe import classify, refuse_foreign
from roadmap_tui.model.schema_head import HEAD

__all__ = ["HEAD", "MIGRATIONS", "alembic_config", "bootstrap", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

Fill = Callable[[Session], None]


def alembic_config(connection: object | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it if empty), in one transaction."""
    bootstrap(engine)


def bootstrap(engine: Engine, fill: Fill | None = None) -> bool:
    """Create (then `fill`) or upgrade the schema atomically; True if it was created now.

    Refuses (BadInput) a database whose tables are not ours, and touches nothing in it.
    """
    from sqlalchemy import inspect, text

    with engine.begin() as connection:
        lock_for_writing(connection, schema=True)
        tables = set(inspect(connection).get_table_names())
        version = (connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                   if "alembic_version" in tables else None)
        state = classify(tables, version)
        if state == "foreign":
            raise refuse_foreign(_where(engine))
        if state == "current":
            return False
        _migrate(connection, adopt="alembic_version" not in tables and state == "outdated")
        if state == "missing" and fill is not None:
            # Joins the connection's transaction: the fill commits with the schema or not at all.
            with Session(bind=connection, expire_on_commit=False) as session:
                fill(session)
                session.flush()
        return state == "missing"


def _migrate(connection: Connection, *, adopt: bool) -> None:
    from alembic import command

    config = alembic_config(connection)
    if adopt:
        # Made before migrations existed, by the schema of revision 0001.
        command.stamp(config, "0001")  # type: ignore[arg-type]
    command.upgrade(config, "head")  # type: ignore[arg-type]


def _where(engine: Engine) -> str:
    database = engine.url.database
    return f"База данных {database}" if database else "База данных"
