"""The import is never silent: counts, loud warnings, stored item warnings and skipped lines.

The parser fills ParsedItem.warnings, deadline_hint and ParsedDocument.skipped;
these tests hand the store such parsed documents (and real files) directly.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from sqlmodel import select

from roadmap_tui.importer import ParsedDocument, ParsedItem, read_document
from roadmap_tui.importer.store import store_document
from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
from roadmap_tui.model.tables import ImportNote, Item

from conftest import CliRunner

SHAPES = Path(__file__).parent / "fixtures" / "shapes"

HORIZON = date(2026, 12, 31)

REPEATED_ORDER = """АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА
ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ
РАСПОРЯЖЕНИЕ

01.02.2023

№ 77/р

О проведении мониторинга

1. Руководителям ОО:
1.1 провести мониторинг. **Срок: до 01.03.2023.**
1.1 провести мониторинг. **Срок: до 01.03.2023.**
2. Контроль за исполнением распоряжения возложить на заместителя начальника департамента образования И.В. Швайко.
"""


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def _url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    return url


def test_zero_items_and_skipped_lines_are_loud_and_stored(tmp_path: Path) -> None:
    url = _url(tmp_path)
    # A plan whose header the importer does not understand: nothing imported, and loudly so.
    parsed = read_document(SHAPES / "s07_unknown_header.txt")
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        report = store_document(parsed, "sha-a", session=session, horizon=HORIZON)
    assert report.items == 0 and report.not_understood == len(report.skipped) == 3
    assert sum(w.startswith("ВНИМАНИЕ") for w in report.warnings) >= 2
    assert any("строки 4, 5, 6" in w for w in report.warnings)
    with unit_of_work(engine) as session:
        skipped = session.exec(select(ImportNote).where(ImportNote.code == "skipped")).all()
        assert [(n.line, n.item_id) for n in skipped] == [(4, None), (5, None), (6, None)]
        assert "Подготовить анализ" in skipped[1].message
    engine.dispose()


def test_item_warnings_are_stored_with_their_item_and_hint_is_the_deadline(tmp_path: Path) -> None:
    url = _url(tmp_path)
    parsed = ParsedDocument(
        "кварталы.txt", kind="план", number="9", date=date(2023, 1, 10),
        period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
        items=[
            ParsedItem("plan_row", "1", title="Семинары", deadline_hint="II квартал",
                       responsible_raw="Министерство просвещения", warnings=["ячейка склеена"]),
            ParsedItem("plan_row", "2", title="Отчёт", deadline_raw="до 01.02.2023",
                       responsible_raw="ИМЦ", responsible=["ИМЦ"]),
        ])
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        report = store_document(parsed, "sha-b", session=session, horizon=HORIZON)
    assert report.unrecognised_executors == ["пункт 1: Министерство просвещения"]
    assert report.unknown_deadlines == 0 and report.undated == 0
    with unit_of_work(engine) as session:
        first = session.exec(select(Item).where(Item.number == "1")).one()
        assert first.deadline_raw == "II квартал" and first.schedule_kind != "unknown"
        notes = [n.message for n in session.exec(
            select(ImportNote).where(ImportNote.item_id == first.id))]
        assert notes == ["пункт 1: ячейка склеена",
                         "пункт 1: ответственный «Министерство просвещения» не распознан"]
    engine.dispose()


def test_repeated_directive_line_imports_without_integrity_error(cli: CliRunner, tmp_path: Path) -> None:
    order = tmp_path / "повтор.txt"
    order.write_text(REPEATED_ORDER, encoding="utf-8")
    db = tmp_path / "o.db"
    report = _json(cli("import", order, "--db", db, "--json"))
    assert report["documents"][0]["outcome"] == "новый"
    again = _json(cli("import", order, "--db", db, "--json"))
    assert again["documents"][0]["outcome"] == "без изменений"
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT number, dup_index FROM item WHERE number = '1.1' "
                           "ORDER BY dup_index").fetchall()
    assert rows == [("1.1", 0), ("1.1", 1)]


def test_report_counts_in_text_and_json(cli: CliRunner, tmp_path: Path, seeds: list[Path]) -> None:
    report = _json(cli("import", *seeds, "--db", tmp_path / "n.db", "--json"))
    by_prefix = {d["source_name"][:3]: d for d in report["documents"]}
    letter = by_prefix["004"]  # a covering letter: nothing to import, and it says so
    assert letter["items"] == 0
    assert any(w.startswith("ВНИМАНИЕ") for w in letter["warnings"])
    order = by_prefix["002"]
    assert order["undated"] == 3 and order["unknown_deadlines"] == 3
    assert set(order) >= {"unrecognised_executors", "skipped", "changes"}
    text = cli("import", *seeds, "--db", tmp_path / "t.db")
    assert order["not_understood"] == 0  # its one skipped point is a finding, explained
    assert ("без даты: 3; срок не распознан: 3; исполнитель не распознан: 0; "
            "пропущено строк: 1, из них не понято: 0") in text.out
    roadmap = by_prefix["001"]  # its tables of figures are listed, not alarmed about
    assert roadmap["not_understood"] == 0
    assert not any(w.startswith("ВНИМАНИЕ") for w in roadmap["warnings"])


def test_mapping_an_executor_once_applies_now_and_later(cli: CliRunner, tmp_path: Path) -> None:
    text = REPEATED_ORDER.replace("1. Руководителям ОО:", "1. Органам местного самоуправления:")
    order = tmp_path / "чужой.txt"
    order.write_text(text, encoding="utf-8")
    db = tmp_path / "m.db"
    assert cli("import", order, "--db", db).code == 0
    unmapped = _json(cli("bodies", "unmapped", "--db", db, "--json"))
    printed = [u["printed"] for u in unmapped]
    assert "Органам местного самоуправления" in printed
    mapped = _json(cli("bodies", "map", "Органам местного самоуправления", "ИМЦ", "--db", db, "--json"))
    assert len(mapped["items"]) == 2 and mapped["assignments_added"] == 2
    assert "Органам местного самоуправления" not in [
        u["printed"] for u in _json(cli("bodies", "unmapped", "--db", db, "--json"))]
    # A later document printing the same executor is matched at import.
    other = tmp_path / "другой.txt"
    other.write_text(text.replace("№ 77/р", "№ 78/р"), encoding="utf-8")
    report = _json(cli("import", other, "--db", db, "--json"))
    assert report["documents"][0]["unrecognised_executors"] == []
    refused = cli("bodies", "map", "что-то", "НЕТ_ТАКОГО", "--db", db)
    assert refused.code == 2 and "не найден" in refused.err
