"""One rule for what a coordinator sees, in three forms that must agree on arbitrary rows.

`derive` (Python), `STATE_SQL` (a WHERE over assignments) and `TALLY_SQL` (over the
tallies that triggers keep) decide "просрочено", "выполнено с нарушением срока"
and the rest. Hypothesis writes arbitrary assignments into a real database, moves
them around (status, dates, body) and deletes them; after every step the three
forms give the same answer, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.model.connection import Database, Writer
from roadmap_tui.model.db import create_schema, make_engine
from roadmap_tui.model.statuses import Status
from roadmap_tui.read.states import STATE_SQL, TALLY_SQL, Derived, derive, soon_end, state_case

AS_OF = date(2024, 3, 15)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 6, 30))
rows = st.lists(st.tuples(st.sampled_from(Status), st.none() | days, st.none() | days,
                          st.integers(0, 2)), min_size=1, max_size=25)
moves = st.lists(st.tuples(st.integers(0, 24), st.sampled_from(Status), st.none() | days,
                           st.none() | days, st.integers(0, 2)), max_size=15)
as_of = st.sampled_from([AS_OF, date(2024, 1, 1), date(2024, 6, 30), date(2024, 3, 1)])


def _prepared(url: str) -> Database:
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    database = Database(url)
    with database.write() as tx:
        document = tx.insert("INSERT INTO document (source_name, content_sha256, imported_at, version)"
                             " VALUES ('d.txt', '', :now, 1) RETURNING id", {"now": _now()})
        tx.insert("INSERT INTO item (document_id, kind, number, dup_index, position, title,"
                  " schedule_kind, schedule_explain, source_lines, version, imported)"
                  " VALUES (:d, 'plan_row', '1', 0, 0, 't', 'fixed', '', '', 1, '') RETURNING id",
                  {"d": document})
        for code in ("A", "B", "C"):
            tx.insert("INSERT INTO body (code, full_name, short_name, kind, aliases)"
                      " VALUES (:c, :c, :c, 'school', '') RETURNING id", {"c": code})
    return database


def _now() -> datetime:
    return datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("states") / "s.db"
    with _prepared(f"sqlite:///{path}") as database:
        yield database


def _ids(tx: Writer, table: str) -> list[int]:
    return [int(r[0]) for r in tx.rows(f"SELECT id FROM {table} ORDER BY id")]


def _check(tx: Writer, day: date) -> None:
    params = {"today": day, "soon": soon_end(day)}
    stored = tx.rows("SELECT id, body_id, status, due_on, completed_on FROM assignment")
    expected = {int(r[0]): derive(Status(r[2]), _date(r[3]), _date(r[4]), day) for r in stored}
    # Per row: the CASE built from STATE_SQL names the state derive() names.
    named = {int(r[0]): Derived(r[1]) for r in tx.rows(
        f"SELECT a.id, {state_case()} FROM assignment a", params)}
    assert named == expected
    # Per state: the WHERE of STATE_SQL selects exactly the rows derive() puts there.
    for state in Derived:
        chosen = {int(r[0]) for r in tx.rows(f"SELECT a.id FROM assignment a WHERE {STATE_SQL[state]}",
                                             params)}
        assert chosen == {i for i, s in expected.items() if s is state}, state
    # Per body and state: the tallies the triggers kept count what derive() counts.
    bodies = {int(r[0]): int(r[1]) for r in stored}
    want = Counter((bodies[i], s) for i, s in expected.items())
    for state in Derived:
        for body_id, n in tx.rows(f"SELECT t.body_id, SUM(t.n) FROM body_tally t WHERE {TALLY_SQL[state]}"
                                  " GROUP BY t.body_id", params):
            assert int(n) == want.get((int(body_id), state), 0), (state, body_id)
        total = tx.value(f"SELECT COALESCE(SUM(t.n), 0) FROM item_tally t WHERE {TALLY_SQL[state]}",
                         params)
        assert int(total) == sum(1 for s in expected.values() if s is state), state


def _date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _exercise(database: Database, given_rows: list[tuple[Status, date | None, date | None, int]],
              given_moves: list[tuple[int, Status, date | None, date | None, int]], day: date) -> None:
    with database.write() as tx:
        item = _ids(tx, "item")[0]
        bodies = _ids(tx, "body")
        for n, (status, due, done, body) in enumerate(given_rows):
            tx.insert("INSERT INTO assignment (item_id, body_id, occurrence, due_on, original_due_on,"
                      " status, completed_on, report_received, version, updated_at)"
                      " VALUES (:i, :b, :o, :due, :due, :s, :done, false, 1, :now) RETURNING id",
                      {"i": item, "b": bodies[body], "o": str(n), "due": due, "s": status.value,
                       "done": done, "now": _now()})
        _check(tx, day)
        ids = _ids(tx, "assignment")
        for index, status, due, done, body in given_moves:
            tx.execute("UPDATE assignment SET status = :s, due_on = :due, completed_on = :done,"
                       " body_id = :b WHERE id = :id",
                       {"s": status.value, "due": due, "done": done, "b": bodies[body],
                        "id": ids[index % len(ids)]})
        _check(tx, day)
        tx.execute("DELETE FROM assignment")
        _check(tx, day)
        assert tx.value("SELECT COALESCE(SUM(n), 0) FROM body_tally") == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_rows=rows, given_moves=moves, day=as_of)
def test_derive_state_sql_and_tallies_agree_on_sqlite(
    sqlite_db: Database, given_rows: list[tuple[Status, date | None, date | None, int]],
    given_moves: list[tuple[int, Status, date | None, date | None, int]], day: date,
) -> None:
    _exercise(sqlite_db, given_rows, given_moves, day)


@pytest.mark.postgres
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_rows=rows, given_moves=moves, day=as_of)
def test_derive_state_sql_and_tallies_agree_on_postgres(
    pg_url: str, given_rows: list[tuple[Status, date | None, date | None, int]],
    given_moves: list[tuple[int, Status, date | None, date | None, int]], day: date,
) -> None:
    if pg_url not in _POSTGRES:  # one schema per test's database, shared by its examples
        _POSTGRES[pg_url] = _prepared(pg_url)
    _exercise(_POSTGRES[pg_url], given_rows, given_moves, day)


_POSTGRES: dict[str, Database] = {}


def test_a_deleted_document_takes_its_counts_with_it(tmp_path: Path) -> None:
    """Cascades fire the triggers too: removing a document leaves no count behind."""
    with _prepared(f"sqlite:///{tmp_path / 'c.db'}") as database, database.write() as tx:
        item = _ids(tx, "item")[0]
        body = _ids(tx, "body")[0]
        tx.insert("INSERT INTO assignment (item_id, body_id, occurrence, due_on, status,"
                  " report_received, version, updated_at) VALUES (:i, :b, 'x', :due, 'planned',"
                  " false, 1, :now) RETURNING id", {"i": item, "b": body, "due": AS_OF, "now": _now()})
        assert tx.value("SELECT SUM(n) FROM body_tally") == 1
        assert tx.value("SELECT SUM(n) FROM item_tally") == 1
        tx.execute("DELETE FROM document")
        assert tx.value("SELECT COUNT(*) FROM assignment") == 0
        assert tx.value("SELECT COALESCE(SUM(n), 0) FROM body_tally") == 0
        assert tx.value("SELECT COALESCE(SUM(n), 0) FROM item_tally") == 0
