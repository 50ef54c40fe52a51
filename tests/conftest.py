"""Fixtures shared by the core tests: real SQLite files, the real CLI.

The bundled seeds are imported once per session into a template database;
each test gets its own copy, so tests stay independent and fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from roadmap_tui.cli import main
from roadmap_tui.importer.bundled import bundled_documents, ensure_database

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2023, 3, 15)


@dataclass
class Result:
    code: int
    out: str
    err: str


CliRunner = Callable[..., Result]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five bundled seeds imported into a fresh database (created once)."""
    path = tmp_path_factory.mktemp("template") / "roadmap.db"
    ensure_database(f"sqlite:///{path}", horizon=date(2026, 12, 31), with_roadmaps=True)
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded database for one test."""
    path = tmp_path / "roadmap.db"
    shutil.copy(template_db, path)
    return path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run `roadmap ARGS…` in-process; returns exit code and captured output."""
    monkeypatch.setenv("ROADMAP_USER", "тестировщик")

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse errors
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def seeds() -> list[Path]:
    return bundled_documents()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A real PostgreSQL server for the session (skipped where none exists, unless required)."""
    from pgserver import postgres_server

    with postgres_server() as url:
        if url is None:
            if os.environ.get("ROADMAP_REQUIRE_PG"):
                pytest.fail("PostgreSQL is required (ROADMAP_REQUIRE_PG) but not installed")
            pytest.skip("no PostgreSQL server here (install Debian's postgresql)")
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    from pgserver import admin_sql

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin_sql(pg_server, f'CREATE DATABASE "{name}"')
    yield f"{pg_server}/{name}"
    admin_sql(pg_server, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own settings file or ROADMAP_* variables never leak into a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    for name in ("ROADMAP_CONFIG", "ROADMAP_DB", "ROADMAP_USER", "ROADMAP_BASE_URL", "ROADMAP_ALARMS"):
        monkeypatch.delenv(name, raising=False)
