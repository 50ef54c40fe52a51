"""The schema on a real SQLite file: pragmas, constraints, group expansion."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.statuses import Status, parse_status
from roadmap_tui.model.tables import Assignment, Body, Document, Item, ItemBody, ItemDue
from roadmap_tui.read.states import Derived, derive


def _engine(path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    return engine


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "m.db")
    with engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.add(Item(document_id=12345, title="без документа"))


def test_group_placeholder_is_replaced_by_schools(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "m.db")
    with unit_of_work(engine) as s:
        doc = Document(source_name="a.txt", municipality="Тестовый район")
        group = Body(code="ОО", kind="group")
        s.add_all([doc, group])
        s.flush()
        item = Item(document_id=doc.id, number="1", title="Сдать отчёт")
        s.add(item)
        s.flush()
        s.add_all([ItemDue(item_id=item.id, occurrence="2023-05-31", due_on=date(2023, 5, 31)),
                   ItemBody(item_id=item.id, body_id=group.id)])
        s.flush()
        assert materialize_assignments(s) == 1
        assert materialize_assignments(s) == 0  # idempotent
    with unit_of_work(engine) as s:
        s.add_all([Body(code="school:A", kind="school", municipality="Тестовый район"),
                   Body(code="school:B", kind="school", municipality="Тестовый район"),
                   Body(code="school:C", kind="school", municipality="Другой район")])
        s.flush()
        assert materialize_assignments(s) == 2
        codes = s.exec(select(Body.code).join(Assignment, Assignment.body_id == Body.id)).all()
    assert sorted(codes) == ["school:A", "school:B"]


def test_assignment_key_is_unique(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    engine = _engine(path)
    with unit_of_work(engine) as s:
        doc = Document(source_name="a.txt")
        body = Body(code="ИМЦ", kind="centre")
        s.add_all([doc, body])
        s.flush()
        item = Item(document_id=doc.id, number="1")
        s.add(item)
        s.flush()
        s.add(Assignment(item_id=item.id, body_id=body.id, occurrence="2023-01-01"))
    with pytest.raises(IntegrityError), unit_of_work(engine) as s:
        s.add(Assignment(item_id=1, body_id=1, occurrence="2023-01-01"))
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM assignment").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("status", "due", "done", "expected"),
    [
        (Status.PLANNED, date(2023, 3, 14), None, Derived.OVERDUE),
        (Status.PLANNED, date(2023, 3, 15), None, Derived.DUE_SOON),  # due today: not late yet
        (Status.IN_PROGRESS, date(2023, 5, 1), None, Derived.OPEN),
        (Status.PLANNED, None, None, Derived.UNDATED),
        (Status.DONE, date(2023, 3, 1), date(2023, 3, 2), Derived.DONE_LATE),
        (Status.DONE, date(2023, 3, 1), date(2023, 3, 1), Derived.DONE_ON_TIME),
        (Status.CANCELLED, date(2023, 3, 1), None, Derived.CANCELLED),
        (Status.POSTPONED, date(2023, 3, 10), None, Derived.OVERDUE),
    ],
)
def test_derived_state(status: Status, due: date | None, done: date | None, expected: Derived) -> None:
    assert derive(status, due, done, date(2023, 3, 15)) is expected


def test_parse_status_accepts_russian_and_codes() -> None:
    assert parse_status("Выполнено") is Status.DONE
    assert parse_status("в работе") is Status.IN_PROGRESS
    assert parse_status("postponed") is Status.POSTPONED
    assert parse_status("почти") is None
