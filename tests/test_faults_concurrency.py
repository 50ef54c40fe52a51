"""Concurrent writers: 2–8 processes change the same rows, on SQLite and PostgreSQL.

Without --expect-version a change applies to the row as it is now, so none
may be refused as stale; each is recorded once and bumps the version once.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from benchmarks import faults
from roadmap_tui.importer.bundled import ensure_database

from conftest import CliRunner


@pytest.mark.parametrize("writers", [2, 5, 8])
def test_concurrent_writers_on_sqlite(tmp_path: Path, template_db: Path, writers: int) -> None:
    path = tmp_path / "hammer.db"
    shutil.copy(template_db, path)
    counts = faults.hammer(f"sqlite:///{path}", writers, changes=6)
    assert counts.trials == writers * 6
    assert (counts.stale, counts.lost, counts.doubled, counts.half, counts.crashed) == (0, 0, 0, 0, 0), counts


@pytest.mark.postgres
@pytest.mark.parametrize("writers", [2, 6])
def test_concurrent_writers_on_postgres(pg_url: str, writers: int) -> None:
    ensure_database(pg_url, horizon=date(2026, 12, 31), with_roadmaps=True)
    counts = faults.hammer(pg_url, writers, changes=6)
    assert counts.trials == writers * 6
    assert (counts.stale, counts.lost, counts.doubled, counts.half, counts.crashed) == (0, 0, 0, 0, 0), counts


def test_an_explicit_version_can_still_be_stale(cli: CliRunner, db_path: Path) -> None:
    import json

    target = json.loads(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json").out)[
        "assignments"][0]
    assert cli("status", target["id"], "в работе", "--db", db_path).code == 0
    stale = cli("status", target["id"], "выполнено", "--expect-version", target["version"],
                "--db", db_path)
    assert stale.code == 2 and "версия устарела" in stale.err
