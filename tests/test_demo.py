"""`roadmap demo`: deterministic, believable, consistent — and never mixed into real data.

A demo that differs between runs cannot reproduce a bug report, and one that
breaks a constraint would hide bugs of the product behind bugs of the data,
so these tests check both on real SQLite files (and PostgreSQL, when there).
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from roadmap_tui.demo import generate
from roadmap_tui.demo.stories import tell
from roadmap_tui.errors import BadInput
from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
from roadmap_tui.model.tables import Body

from conftest import CliRunner

TODAY = date(2025, 3, 14)
SMALL = 3_000  # a region-like demo that runs in about a second


def _quiet(_: str) -> None:
    pass


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def checksum(path: Path) -> str:
    """A digest of every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as connection:
        for table in SQLModel.metadata.sorted_tables:
            keys = ", ".join(c.name for c in table.primary_key.columns)
            for row in connection.execute(f"SELECT * FROM {table.name} ORDER BY {keys}"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def check_history(path: Path, today: date) -> None:
    """Every change is recorded: version = 1 + changes, the chain ends in the status."""
    mismatched = rows(path, """
        SELECT a.id FROM assignment a
        LEFT JOIN (SELECT assignment_id, COUNT(*) AS n, MAX(id) AS last_id
                   FROM status_change GROUP BY assignment_id) h ON h.assignment_id = a.id
        LEFT JOIN status_change last ON last.id = h.last_id
        WHERE a.version <> 1 + COALESCE(h.n, 0)
           OR (h.n IS NULL AND a.status <> 'planned')
           OR (h.n IS NOT NULL AND (last.new_status <> a.status
               OR COALESCE(last.new_due_on, '') <> COALESCE(a.due_on, '')
               OR COALESCE(last.completed_on, '') <> COALESCE(a.completed_on, '')))""")
    assert mismatched == []
    broken_chain = rows(path, """
        SELECT c.id FROM status_change c
        LEFT JOIN status_change p ON p.assignment_id = c.assignment_id AND p.id = (
            SELECT MAX(id) FROM status_change WHERE assignment_id = c.assignment_id AND id < c.id)
        WHERE (p.id IS NULL AND c.old_status <> 'planned')
           OR (p.id IS NOT NULL AND (c.old_status <> p.new_status OR c.changed_at <= p.changed_at))""")
    assert broken_chain == []
    assert rows(path, "SELECT MAX(changed_at) FROM status_change")[0][0] < today.isoformat()
    assert rows(path, "SELECT COUNT(*) FROM status_change WHERE changed_by = '' "
                      "OR comment IS NULL")[0][0] == 0
    assert rows(path, "SELECT COUNT(*) FROM assignment WHERE status = 'done' AND "
                      "(completed_on IS NULL OR completed_on < window_start "
                      "OR completed_on >= :today)".replace(":today", f"'{today}'"))[0][0] == 0
    assert rows(path, "SELECT COUNT(*) FROM assignment WHERE status <> 'done' "
                      "AND completed_on IS NOT NULL")[0][0] == 0


def check_integrity(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "demo.db"
    generate(_url(path), scale="city", seed=7, today=TODAY, progress=_quiet)
    return path


def test_city_is_deterministic(city: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    generate(_url(again), scale="city", seed=7, today=TODAY, progress=_quiet)
    assert checksum(again) == checksum(city)
    other = tmp_path / "other.db"
    generate(_url(other), scale="city", seed=8, today=TODAY, progress=_quiet)
    assert checksum(other) != checksum(city)


def test_city_has_67_schools_and_the_bundled_roadmaps(city: Path) -> None:
    assert rows(city, "SELECT COUNT(*) FROM body WHERE kind = 'school' "
                      "AND municipality = 'Город Томск'") == [(67,)]
    assert rows(city, "SELECT COUNT(*) FROM document")[0][0] == 5
    # "ОО" of the Tomsk roadmaps reaches every school, the synthetic ones included.
    reached = rows(city, "SELECT COUNT(DISTINCT a.body_id) FROM assignment a "
                         "JOIN body g ON g.id = a.via_group_id AND g.code = 'ОО' "
                         "JOIN item i ON i.id = a.item_id JOIN document d ON d.id = i.document_id "
                         "WHERE d.municipality = 'Город Томск'")
    assert reached == [(67,)]


def test_city_statuses_are_spread_and_explained(city: Path) -> None:
    counts = dict(rows(city, "SELECT status, COUNT(*) FROM assignment GROUP BY status"))
    assert set(counts) == {"planned", "in_progress", "done", "cancelled", "postponed"}
    past = dict(rows(city, f"""
        SELECT CASE WHEN status = 'done' AND completed_on > original_due_on THEN 'late'
                    WHEN status = 'done' THEN 'done'
                    WHEN status IN ('planned', 'in_progress', 'postponed') THEN 'open'
                    ELSE status END, COUNT(*)
        FROM assignment WHERE original_due_on < '{TODAY}' GROUP BY 1"""))
    assert past["done"] > past.get("late", 0) > 0
    assert past["done"] + past["late"] > past["open"] > 0  # most past-due work is done
    assert rows(city, "SELECT COUNT(*) FROM assignment WHERE status = 'postponed' "
                      "AND (due_on <= original_due_on OR comment IS NULL)") == [(0,)]
    check_history(city, TODAY)
    check_integrity(city)


def test_city_timestamps_do_not_come_from_the_clock(city: Path) -> None:
    latest = rows(city, "SELECT MAX(imported_at) FROM document")[0][0]
    assert str(latest) < TODAY.isoformat()
    assert str(rows(city, "SELECT MAX(updated_at) FROM assignment")[0][0]) < TODAY.isoformat()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("region") / "demo.db"
    generate(_url(path), scale="region", seed=3, today=TODAY, size=SMALL, progress=_quiet)
    return path


def test_small_region_counts_and_constraints(region: Path) -> None:
    assignments = rows(region, "SELECT COUNT(*) FROM assignment")[0][0]
    assert SMALL * 0.9 <= assignments <= SMALL * 1.02
    assert rows(region, "SELECT COUNT(*) FROM document") == [(2,)]
    assert rows(region, "SELECT COUNT(DISTINCT kind) FROM document") == [(2,)]
    assert rows(region, "SELECT COUNT(*) FROM body WHERE kind = 'school'") == [(30,)]
    years = rows(region, "SELECT MIN(original_due_on), MAX(original_due_on) FROM assignment")[0]
    # Five school years from September three years back (a once-only date may precede it a little).
    assert f"{TODAY.year - 4}-09-01" <= str(years[0]) < TODAY.isoformat() < str(years[1])
    assert str(years[1]) <= f"{TODAY.year + 2}-08-31"
    assert rows(region, "SELECT COUNT(*) FROM assignment a JOIN item i ON i.id = a.item_id "
                        "JOIN document d ON d.id = i.document_id JOIN body b ON b.id = a.body_id "
                        "WHERE b.kind = 'school' AND b.municipality <> d.municipality") == [(0,)]
    check_integrity(region)
    check_history(region, TODAY)


def test_small_region_is_what_materialisation_would_make(region: Path, tmp_path: Path) -> None:
    from roadmap_tui.model.materialize import materialize_assignments

    copy = tmp_path / "copy.db"
    with sqlite3.connect(region) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    engine = make_engine(_url(copy))
    try:
        with unit_of_work(engine) as session:
            assert materialize_assignments(session) == 0
    finally:
        engine.dispose()


def test_small_region_is_deterministic(region: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    generate(_url(again), scale="region", seed=3, today=TODAY, size=SMALL, progress=_quiet)
    assert checksum(again) == checksum(region)


def test_refuses_a_database_with_data(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    engine = make_engine(_url(path))
    create_schema(engine)
    with unit_of_work(engine) as session:
        session.add(Body(code="ДО", full_name="Департамент образования", kind="department"))
    engine.dispose()
    before = checksum(path)
    with pytest.raises(BadInput, match="не пуста"):
        generate(_url(path), scale="city", seed=1, today=TODAY, progress=_quiet)
    assert checksum(path) == before


def test_an_empty_schema_is_empty_enough(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    engine = make_engine(_url(path))
    create_schema(engine)
    engine.dispose()
    report = generate(_url(path), scale="region", seed=1, today=TODAY, size=500,
                      progress=_quiet)
    assert "назначений" in report


def test_cli_demo_and_its_refusal(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    first = cli("demo", "--db", path, "--scale", "region", "--size", "800", "--seed", "2",
                "--as-of", "14.03.2025")
    assert first.code == 0, first.err
    assert "Демонстрационная база" in first.out
    overdue = cli("overdue", "--db", path, "--as-of", "14.03.2025", "--json")
    assert overdue.code == 0, overdue.err
    again = cli("demo", "--db", path, "--as-of", "14.03.2025")
    assert again.code == 2
    assert "не пуста" in again.err


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    created=st.dates(date(2020, 1, 1), date(2026, 12, 31)),
    due_offset=st.one_of(st.none(), st.integers(-400, 900)),
    window=st.one_of(st.none(), st.integers(0, 120)),
    today_offset=st.integers(-30, 1500),
)
def test_every_story_is_possible(seed: int, created: date, due_offset: int | None,
                                 window: int | None, today_offset: int) -> None:
    """Changes happen after creation and before today, in order; done means a valid date."""
    due = None if due_offset is None else created + timedelta(days=due_offset)
    window_start = None if due is None or window is None else due - timedelta(days=window)
    today = created + timedelta(days=today_offset)
    story = tell(random.Random(seed), window_start, due, today, created)
    if story is None:
        return
    days = [event[0] for event in story.events]
    assert days == sorted(days) and created <= days[0] and days[-1] < today
    assert story.events[0][2] == "planned"
    for before, after in zip(story.events, story.events[1:], strict=False):
        assert after[2] == before[3]
    if story.status == "done":
        assert story.completed_on is not None and story.completed_on < today
        assert window_start is None or story.completed_on >= window_start
    if story.status == "postponed":
        assert story.due_on is not None and due is not None and story.due_on > due
        assert story.comment


@pytest.mark.postgres
def test_small_region_on_postgres(pg_url: str) -> None:
    """Portable SQL, and the id sequences continue after the demo's explicit ids."""
    generate(pg_url, scale="region", seed=3, today=TODAY, size=SMALL, progress=_quiet)
    engine = make_engine(pg_url)
    try:
        with unit_of_work(engine) as session:
            body = Body(code="новый", full_name="Новый", kind="other")
            session.add(body)
            session.flush()
            assert body.id is not None and body.id > 30
    finally:
        engine.dispose()
