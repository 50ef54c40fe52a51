"""Alembic owns the schema: migrations build exactly the models, old files catch up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from roadmap_tui.model.db import create_schema, make_engine
from roadmap_tui.model.probe import schema_state
from roadmap_tui.model.schema import HEAD, alembic_config


def test_head_constant_matches_alembic() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD  # type: ignore[arg-type]


def _differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        create_schema(engine)
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))
    finally:
        engine.dispose()


def test_migrations_build_the_models_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    assert schema_state(url) == "missing"
    assert _differences(url) == []
    assert schema_state(url) == "current"


@pytest.mark.postgres
def test_migrations_build_the_models_on_postgres(pg_url: str) -> None:
    assert schema_state(pg_url) == "missing"
    assert _differences(pg_url) == []
    assert schema_state(pg_url) == "current"


def test_database_made_before_migrations_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.begin() as connection:
        # How databases were made before Alembic: the schema of revision 0001, unstamped.
        from alembic import command

        command.upgrade(alembic_config(connection), "0001")  # type: ignore[arg-type]
        connection.exec_driver_sql("DROP TABLE alembic_version")
        connection.exec_driver_sql("INSERT INTO body (code, full_name, short_name, kind, aliases)"
                                   " VALUES ('ИМЦ', 'МАУ ИМЦ', 'ИМЦ', 'centre', '')")
    assert schema_state(url) == "outdated"
    create_schema(engine)
    engine.dispose()
    assert schema_state(url) == "current"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT code FROM body").fetchall() == [("ИМЦ",)]
