"""Item corrections through the core and the CLI, on real SQLite files (and PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from sqlmodel import select

from roadmap_tui.errors import StaleVersion
from roadmap_tui.importer.bundled import bundled_documents
from roadmap_tui.importer.store import import_paths
from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
from roadmap_tui.model.registry import read_registry, upsert_bodies
from roadmap_tui.model.tables import Assignment, Item, ItemChange, StatusChange
from roadmap_tui.settings import BUNDLED_BODIES
from roadmap_tui.tracking.items import ItemEdit, edit_item, item_card

from conftest import CliRunner

NOW = datetime(2023, 3, 15, 5, 0, tzinfo=UTC)
HORIZON = date(2026, 12, 31)


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def _one(db: Path, sql: str, *params: object) -> object:
    with sqlite3.connect(db) as con:
        return con.execute(sql, params).fetchone()[0]


def _item(db: Path, number: str, prefix: str = "000") -> int:
    return int(_one(db, "SELECT i.id FROM item i JOIN document d ON d.id = i.document_id "  # type: ignore[arg-type]
                        "WHERE d.source_name LIKE ? AND i.number = ?", f"{prefix}%", number))


def test_edit_bodies_adds_and_cancels_with_history(cli: CliRunner, db_path: Path) -> None:
    item = _item(db_path, "1.1")  # ИМЦ only
    assignment = int(_one(db_path, "SELECT id FROM assignment WHERE item_id = ?", item))  # type: ignore[arg-type]
    assert cli("status", assignment, "в работе", "--db", db_path).code == 0
    out = _json(cli("item", "edit", item, "--bodies", "ЦПК", "--why", "передано ЦПК",
                    "--by", "иванова", "--db", db_path, "--json"))
    assert out["assignments_added"] == 1 and out["assignments_cancelled"] == 1
    assert out["item"]["bodies"] == ["ЦПК"] and out["item"]["version"] == 2
    assert _one(db_path, "SELECT status FROM assignment WHERE id = ?", assignment) == "cancelled"
    history = _json(cli("history", assignment, "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["in_progress", "cancelled"]
    assert history[-1]["comment"] == "передано ЦПК"
    card = _json(cli("item", item, "--db", db_path, "--json"))
    assert [(h["field"], h["old"], h["new"], h["changed_by"], h["reason"]) for h in card["history"]] == [
        ("bodies", ["ИМЦ"], ["ЦПК"], "иванова", "передано ЦПК")]
    shown = cli("item", item, "--db", db_path)
    assert "ИМЦ → ЦПК" in shown.out and "передано ЦПК" in shown.out
    assert "ИМЦ → ЦПК" in cli("history", assignment, "--db", db_path).out  # explains the cancellation


def test_undo_of_status_changes_leaves_corrections_alone(cli: CliRunner, db_path: Path) -> None:
    item = _item(db_path, "1.1")
    assignment = int(_one(db_path, "SELECT id FROM assignment WHERE item_id = ?", item))  # type: ignore[arg-type]
    assert cli("status", assignment, "в работе", "--by", "иванова", "--db", db_path).code == 0
    assert cli("item", "edit", item, "--bodies", "ЦПК", "--why", "передано",
               "--by", "иванова", "--db", db_path).code == 0
    first = _one(db_path, "SELECT MIN(id) FROM status_change WHERE assignment_id = ?", assignment)
    undone = cli("undo", "--by", "иванова", "--db", db_path)
    # Undo picks the status change, not the correction's cancellation; and since the
    # correction changed the row after it, undoing it would overwrite that: refused.
    assert undone.code != 0 and f"изменения №{first}" in undone.err
    assert _one(db_path, "SELECT status FROM assignment WHERE id = ?", assignment) == "cancelled"


def test_deadline_edit_moves_dates_and_bad_input_is_russian(cli: CliRunner, db_path: Path) -> None:
    item = _item(db_path, "4.2")
    out = _json(cli("item", "edit", item, "--deadline", "до 15.02.2023", "--why", "перенос",
                    "--db", db_path, "--json"))
    assert out["item"]["dues"] == ["2023-02-15"]
    assert _one(db_path, "SELECT COUNT(*) FROM assignment WHERE item_id = ? AND due_on <> '2023-02-15'",
                item) == 0
    no_reason = cli("item", "edit", item, "--title", "x", "--db", db_path)
    assert no_reason.code == 2 and "причину" in no_reason.err
    stale = cli("item", "edit", item, "--note", "n", "--why", "w", "--expect-version", 1, "--db", db_path)
    assert stale.code == 2 and "уже изменено" in stale.err
    unknown = cli("item", "edit", item, "--bodies", "НЕТ_ТАКОГО", "--why", "w", "--db", db_path)
    assert unknown.code == 2 and "Неизвестные ответственные" in unknown.err
    missing = cli("item", "999999", "--db", db_path)
    assert missing.code == 2 and "не найдено" in missing.err


def test_item_edit_rewrites_the_feeds_on_the_next_export(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    assert cli("export", "ics", "--out", out, "--as-of", "15.03.2023", "--db", db_path).code == 0
    item = _item(db_path, "3")
    assert cli("item", "edit", item, "--title", "Сетевое взаимодействие IT-куба (уточнено)",
               "--why", "формулировка", "--db", db_path).code == 0
    again = _json(cli("export", "ics", "--out", out, "--as-of", "15.03.2023", "--db", db_path, "--json"))
    assert again["written"], "an item correction must rewrite the feeds that show it"
    summaries = [str(e.get("SUMMARY")) for f in out.glob("*.ics")
                 for e in icalendar.Calendar.from_ical(f.read_bytes()).walk("VTODO")
                 + icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT")]
    assert any("IT-куба (уточнено)" in s for s in summaries)


def _seeded(url: str) -> None:
    engine = make_engine(url)
    create_schema(engine)
    with unit_of_work(engine) as session:
        upsert_bodies(session, read_registry(BUNDLED_BODIES))
        import_paths(bundled_documents()[:1], session=session, horizon=HORIZON)
    engine.dispose()


def _core_edit_is_one_transaction_and_refuses_stale(url: str) -> None:
    _seeded(url)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        item = session.exec(select(Item).where(Item.number == "1.1")).one()
        assert item.id is not None
        item_id, version = item.id, item.version
    with unit_of_work(engine) as session:
        edit_item(session, item_id, ItemEdit(note="уточнено", expected_version=version),
                  by="а", reason="r", now=NOW, horizon=HORIZON)
    with pytest.raises(StaleVersion), unit_of_work(engine) as session:
        edit_item(session, item_id, ItemEdit(note="другое", expected_version=version),
                  by="б", reason="r", now=NOW, horizon=HORIZON)
    with pytest.raises(Exception), unit_of_work(engine) as session:  # noqa: B017
        edit_item(session, item_id, ItemEdit(title="новое", bodies=["НЕТ"]), by="в", reason="r",
                  now=NOW, horizon=HORIZON)
    with unit_of_work(engine) as session:
        card = item_card(session, item_id)
        assert (card.note, card.version, card.title) == ("уточнено", version + 1, card.title)
        assert card.title != "новое"  # the refused edit left nothing behind
        assert [c.changed_by for c in session.exec(select(ItemChange))] == ["а"]
        assert session.exec(select(StatusChange)).all() == []
        assert len(session.exec(select(Assignment).where(Assignment.item_id == item_id)).all()) == 1
    engine.dispose()


def test_core_edit_on_sqlite(tmp_path: Path) -> None:
    _core_edit_is_one_transaction_and_refuses_stale(f"sqlite:///{tmp_path / 'c.db'}")


@pytest.mark.postgres
def test_core_edit_on_postgres(pg_url: str) -> None:
    _core_edit_is_one_transaction_and_refuses_stale(pg_url)


def test_body_named_again_gets_its_assignment_back(cli: CliRunner, db_path: Path) -> None:
    item = _item(db_path, "1.1")
    assignment = int(_one(db_path, "SELECT id FROM assignment WHERE item_id = ?", item))  # type: ignore[arg-type]
    assert cli("status", assignment, "в работе", "--db", db_path).code == 0
    assert cli("item", "edit", item, "--bodies", "ЦПК", "--why", "ошибка", "--db", db_path).code == 0
    assert cli("item", "edit", item, "--bodies", "ИМЦ,ЦПК", "--why", "вернули", "--db", db_path).code == 0
    assert _one(db_path, "SELECT status FROM assignment WHERE id = ?", assignment) == "in_progress"
    assert _one(db_path, "SELECT COUNT(*) FROM assignment WHERE item_id = ?", item) == 2
