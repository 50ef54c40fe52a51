"""Query plans that must not depend on the data: overdue/due pages, undo, import.

Plans are asserted, not timings. SQLite plans from the statistics ANALYZE
leaves in sqlite_stat1, so the SQLite tests load the statistics of the 1M
region demo (`roadmap demo --scale region`) into a small real database: the
planner then chooses as it would at a million assignments, where the old
overdue page walked every body and sorted all past-due rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.importer.bundled import ensure_database
from roadmap_tui.model.connection import Database, Reader, open_reader
from roadmap_tui.read import assignments as queries

from conftest import TODAY

# sqlite_stat1 of the region demo (seed 1): 1,002,005 assignments, 976,343 history rows.
REGION_STATS = [
    ("status_change", "ix_status_change_batch", "976343 976343"),
    ("status_change", "ix_status_change_assignment_id", "976343 2"),
    ("status_change", "ix_status_change_changed_by_id", "976343 122043 1"),
    ("body", "ix_body_code", "1506 1"),
    ("document", "ix_document_source_name", "20 1"),
    ("item", "ix_item_document_id", "5660 283"),
    ("item", "sqlite_autoindex_item_1", "5660 283 95 1 1"),
    ("assignment", "ix_assignment_status_due", "1002005 200401 329"),
    ("assignment", "ix_assignment_open_due", "384270 253"),
    ("assignment", "ix_assignment_item_id", "1002005 178"),
    ("assignment", "ix_assignment_due_on", "1002005 522"),
    ("assignment", "ix_assignment_body_due", "1002005 668 5"),
    ("assignment", "sqlite_autoindex_assignment_1", "1002005 178 7 1"),
    ("item_body", "ix_item_body_body_id", "8409 13"),
    ("item_body", "sqlite_autoindex_item_body_1", "8409 2 1"),
]


class Recorder:
    """A real reader that also keeps every statement it ran."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.dialect = getattr(reader, "dialect", "")
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        self.seen.append((sql, params or {}))
        return self.reader.rows(sql, params)

    def stream(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Sequence[Any]]:
        self.seen.append((sql, params or {}))
        return self.reader.stream(sql, params)

    def value(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        self.seen.append((sql, params or {}))
        return self.reader.value(sql, params)

    def records(self, kind: type[Any], sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        self.seen.append((sql, params or {}))
        return self.reader.records(kind, sql, params)

    def stream_records(self, kind: type[Any], sql: str,
                       params: dict[str, Any] | None = None) -> Iterator[Any]:
        self.seen.append((sql, params or {}))
        return self.reader.stream_records(kind, sql, params)


def _with_region_stats(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("ANALYZE")  # creates sqlite_stat1
        connection.execute("DELETE FROM sqlite_stat1")
        connection.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", REGION_STATS)
    connection.close()


def _sqlite_plan(path: Path, sql: str, params: dict[str, Any]) -> list[str]:
    bound = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    connection = sqlite3.connect(path)  # a new connection reads the statistics afresh
    try:
        return [r[3] for r in connection.execute(f"EXPLAIN QUERY PLAN {sql}", bound)]
    finally:
        connection.close()


def _pages(path: Path, limit: int | None) -> list[tuple[str, list[str]]]:
    """The plan of every statement `overdue` and `due` run, with and without a body."""
    with open_reader(f"sqlite:///{path}") as reader:
        recorder = Recorder(reader)
        queries.overdue(recorder, TODAY, limit=limit)
        queries.overdue(recorder, TODAY, body="ЦПК", limit=limit)
        queries.due_within(recorder, TODAY, 14, limit=limit)
        queries.due_within(recorder, TODAY, 14, body="ЦПК", limit=limit)
    return [(sql, _sqlite_plan(path, sql, params)) for sql, params in recorder.seen
            if "FROM assignment a" in sql]


@pytest.mark.parametrize("stats", ["region", "none"])
@pytest.mark.parametrize("limit", [1, 50, 200, None])
def test_overdue_and_due_pages_read_assignment_first_in_due_order(
    db_path: Path, stats: str, limit: int | None
) -> None:
    if stats == "region":
        _with_region_stats(db_path)
    pages = _pages(db_path, limit)
    assert len(pages) == 8  # a count and a page for each of the four calls
    for sql, plan in pages:
        if sql.lstrip().startswith("SELECT COUNT(*)"):
            assert all(step.startswith("SEARCH a USING") for step in plan), plan
            continue
        # Outer loop on assignment from an index in due order (the open-due one,
        # or (body_id, due_on) for one body); the others looked up by key; a sort
        # only of the ties within one day, so a page stops after LIMIT rows.
        assert plan[0].startswith("SEARCH a USING INDEX ix_assignment_"), plan
        assert ("ix_assignment_body_due" in plan[0]) == ("a.body_id = :body_id" in sql), plan
        assert plan[1:4] == [f"SEARCH {t} USING INTEGER PRIMARY KEY (rowid=?)" for t in "idb"], plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_overdue_answers_are_unchanged_by_the_join_order(db_path: Path) -> None:
    with open_reader(f"sqlite:///{db_path}") as reader:
        streamed, total = queries.overdue(reader, TODAY, limit=None)
        rows = list(streamed)
        first, same_total = queries.overdue(reader, TODAY, limit=7)
        page = list(first)
    assert total == same_total == len(rows) > 7
    assert page == rows[:7]
    keys = [(r.due_on, r.doc) for r in rows]
    assert keys == sorted(keys)


def test_undo_walks_one_persons_history_through_indexes(db_path: Path) -> None:
    from roadmap_tui.model.statuses import Status
    from roadmap_tui.tracking import status as core

    _with_region_stats(db_path)
    now = datetime(2023, 3, 15, 9, tzinfo=UTC)
    with Database(f"sqlite:///{db_path}") as database:
        with database.read() as reader:
            target = next(queries.overdue(reader, TODAY, limit=1)[0])
        with database.write() as tx:
            core.change_status(tx, target.id, core.StatusUpdate(Status.IN_PROGRESS), by="тест",
                               today=TODAY, now=now)
        with database.write() as tx:  # the query below is the one undo runs
            assert [r.undo_of for r in core.undo_last(tx, by="тест", now=now)]
            plan = [r[3] for r in tx.rows(f"EXPLAIN QUERY PLAN {core.LAST_OWN_SQL}", {"by": "тест"})]
    assert plan[0] == ("SEARCH s USING INDEX ix_status_change_changed_by_id "
                       "(changed_by=?)"), plan
    assert any("ix_status_change_undo_of (undo_of=?)" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_document_import_builds_targets_of_that_document_only(
    db_path: Path, seeds: list[Path], tmp_path: Path, cli: Any
) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    _with_region_stats(db_path)
    # A new edition of a stored document (other bytes) is imported and materialised.
    edition = tmp_path / seeds[0].name
    edition.write_text(seeds[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen: list[tuple[str, Any]] = []

    def record(_c: Any, _k: Any, sql: str, params: Any, _x: Any, _m: Any) -> None:
        seen.append((sql, params))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert cli("import", edition, "--db", db_path).code == 0
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    sql, params = next((s, p) for s, p in seen if s.lstrip().startswith("INSERT INTO assignment"))
    connection = sqlite3.connect(db_path)
    plan = [r[3] for r in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    connection.close()
    # Every read of item_body is by the document's item ids, never all of it.
    reads = [step for step in plan if " ib " in f"{step} "]
    assert reads and all(step.startswith("SEARCH ib") and "(item_id=?)" in step
                         for step in reads), plan
    assert not [step for step in plan if step.startswith("SCAN")
                and step not in ("SCAN t", "SCAN targets")], plan


def test_postgres_pages_read_assignment_by_index(pg_url: str) -> None:
    """At 200k assignments PostgreSQL pages through an assignment index under a Limit."""
    ensure_database(pg_url, horizon=date(2026, 12, 31), with_roadmaps=True)
    from sqlalchemy import text

    from roadmap_tui.model.db import make_engine

    engine = make_engine(pg_url)
    with engine.begin() as connection:
        # Copies of the seeded assignments with other occurrences: the shape of a region.
        connection.execute(text("""
            INSERT INTO assignment (item_id, body_id, via_group_id, occurrence, window_start,
                                    original_due_on, due_on, status, report_received, version,
                                    updated_at)
            SELECT a.item_id, a.body_id, a.via_group_id, a.occurrence || '#' || n,
                   a.window_start, a.original_due_on, a.due_on - (n % 400)::int,
                   CASE WHEN n % 3 = 0 THEN 'done' ELSE a.status END, false, 1, a.updated_at
            FROM assignment a CROSS JOIN generate_series(1, (200000 / (SELECT COUNT(*) FROM assignment))::int) n
            WHERE a.due_on IS NOT NULL"""))
        connection.execute(text("ANALYZE"))
    engine.dispose()
    with open_reader(pg_url) as reader:
        recorder = Recorder(reader)
        queries.overdue(recorder, TODAY, limit=200)
        queries.overdue(recorder, TODAY, body="ЦПК", limit=200)
        queries.due_within(recorder, TODAY, 14, limit=200)
        plans = [(sql, [str(r[0]) for r in reader.rows(f"EXPLAIN {sql}", params)])
                 for sql, params in recorder.seen if "LIMIT" in sql]
        counts = ["\n".join(str(r[0]) for r in reader.rows(f"EXPLAIN {sql}", params))
                  for sql, params in recorder.seen if sql.lstrip().startswith("SELECT COUNT(*)")]
    assert len(plans) == 3 and len(counts) == 3
    for plan in counts:  # counted from an index of assignment, never a pass over the table
        assert "Seq Scan on assignment" not in plan, plan
        assert "Index" in plan, plan
    for sql, plan in plans:
        text_plan = "\n".join(plan)
        assert plan[0].startswith("Limit"), text_plan
        assert "Seq Scan on assignment" not in text_plan, text_plan
        wanted = "ix_assignment_body_due" if "a.body_id = :body_id" in sql else "ix_assignment_open_due"
        # One body's rows are few: a bitmap scan of its index and a sort of them is fine.
        assert (f"Index Scan using {wanted} on assignment a" in text_plan
                or f"Bitmap Index Scan on {wanted}" in text_plan), text_plan
