"""New editions of a document: matched to the stored one, nothing doubled, every status kept.

Real SQLite files through the real CLI; the amended order is the seed 000
with a deadline moved, a point removed and a point added, under a new name.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import CliRunner

ORDER = "000_323216f1b1eacdfb.txt"
ADDED = ("4.8 провести родительские собрания по итогам мониторинга для родителей "
         "обучающихся 8-х классов. **Срок: до 01.10.2023.**")


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def _rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as con:
        return con.execute(sql, params).fetchall()


def _amended(seeds: list[Path], folder: Path, name: str = "распоряжение 16-р в редакции.txt") -> Path:
    text = next(p for p in seeds if p.name == ORDER).read_text(encoding="utf-8")
    lines = text.split("\n")
    removed = [n for n, line in enumerate(lines) if line.startswith("4.7 ")]
    assert len(removed) == 1
    lines[removed[0]] = ADDED
    amended = "\n".join(lines).replace("**Срок: до 25.01.2023.**", "**Срок: до 27.01.2023.**")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(amended, encoding="utf-8")
    return path


def _assignment(db: Path, number: str, offset: int = 0) -> int:
    return int(_rows(db, "SELECT a.id FROM assignment a JOIN item i ON i.id = a.item_id "
                         "JOIN document d ON d.id = i.document_id "
                         "WHERE d.source_name = ? AND i.number = ? ORDER BY a.id",
                     ORDER, number)[offset][0])


def test_amended_edition_keeps_every_status_and_doubles_nothing(
    cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path
) -> None:
    done = _assignment(db_path, "4.1", 0)
    working = _assignment(db_path, "4.1", 1)
    other = _assignment(db_path, "1.1")
    gone = _assignment(db_path, "4.7")
    assert cli("status", done, "выполнено", "--date", "24.01.2023", "--db", db_path).code == 0
    assert cli("status", working, "в работе", "--db", db_path).code == 0
    assert cli("status", other, "в работе", "--db", db_path).code == 0
    items_before = _rows(db_path, "SELECT COUNT(*) FROM item")[0][0]
    docs_before = _rows(db_path, "SELECT COUNT(*) FROM document")[0][0]

    report = _json(cli("import", _amended(seeds, tmp_path / "новые"), "--db", db_path, "--json"))
    doc = report["documents"][0]
    assert doc["outcome"] == "новая редакция" and doc["version"] == 2
    changes = {(c["number"], c["change"]) for c in doc["changes"]}
    assert changes == {("4.1", "изменён"), ("4.7", "исключён"), ("4.8", "добавлен")}
    assert _rows(db_path, "SELECT COUNT(*) FROM document")[0][0] == docs_before
    assert _rows(db_path, "SELECT COUNT(*) FROM item")[0][0] == items_before + 1  # only 4.8

    status = dict(_rows(db_path, "SELECT id, status FROM assignment WHERE id IN (?, ?, ?, ?)",
                        done, working, other, gone))
    assert status == {done: "done", working: "postponed", other: "in_progress", gone: "cancelled"}
    due = dict(_rows(db_path, "SELECT id, due_on FROM assignment WHERE id IN (?, ?)", done, working))
    assert due == {done: "2023-01-27", working: "2023-01-27"}
    # No assignment of 4.1 is doubled: one per body, all at the new date.
    per_body = _rows(db_path, "SELECT a.body_id, COUNT(*), MIN(a.due_on) FROM assignment a "
                              "JOIN item i ON i.id = a.item_id WHERE i.number = '4.1' "
                              "AND i.document_id = (SELECT document_id FROM item WHERE id = "
                              "(SELECT item_id FROM assignment WHERE id = ?)) GROUP BY a.body_id",
                     done)
    assert per_body and all(count == 1 and day == "2023-01-27" for _, count, day in per_body)
    # The history of the worked-on assignments is kept and extended.
    history = _json(cli("history", working, "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["in_progress", "postponed"]
    withdrawn = _rows(db_path, "SELECT withdrawn FROM item WHERE number = '4.7'")[0][0]
    assert "исключено в редакции от 20.01.2023" == withdrawn
    # The withdrawn item's assignments leave the overdue list.
    overdue = _json(cli("overdue", "--db", db_path, "--as-of", "01.01.2025", "--json", "--limit", "0"))
    assert gone not in {a["id"] for a in overdue["assignments"]}
    listed = _json(cli("documents", "--db", db_path, "--json"))
    mine = next(d for d in listed if d["source_name"] == ORDER)
    assert mine["version"] == 2 and [e["version"] for e in mine["editions"]] == [1, 2]
    assert mine["editions"][1]["source_name"] == "распоряжение 16-р в редакции.txt"


def test_same_content_under_a_new_name_is_unchanged(
    cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path
) -> None:
    renamed = tmp_path / "копия.txt"
    renamed.write_bytes(next(p for p in seeds if p.name == ORDER).read_bytes())
    report = _json(cli("import", renamed, "--db", db_path, "--json"))
    assert report["documents"][0]["outcome"] == "без изменений"


def test_same_file_name_in_two_folders_stays_two_documents(
    cli: CliRunner, tmp_path: Path, seeds: list[Path]
) -> None:
    db = tmp_path / "two.db"
    first, second = tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.txt"
    for path, seed in ((first, seeds[0]), (second, seeds[2])):
        path.parent.mkdir()
        path.write_bytes(seed.read_bytes())
    assert cli("import", first, "--db", db).code == 0
    report = _json(cli("import", second, "--db", db, "--json"))
    assert report["documents"][0]["outcome"] == "новый"
    names = [r[0] for r in _rows(db, "SELECT source_name FROM document ORDER BY id")]
    assert names == ["plan.txt", "plan.txt (2)"]


def test_replaces_makes_an_edition_of_the_named_document(
    cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path
) -> None:
    target = _rows(db_path, "SELECT id FROM document WHERE source_name = ?", ORDER)[0][0]
    path = _amended(seeds, tmp_path / "x")
    text = path.read_text(encoding="utf-8").replace("№ 16/р", "№ 16/р-изм")  # number differs
    path.write_text(text, encoding="utf-8")
    report = _json(cli("import", path, "--replaces", target, "--db", db_path, "--json"))
    assert report["documents"][0]["outcome"] == "новая редакция"
    assert report["documents"][0]["document_id"] == target
    missing = cli("import", path, "--replaces", 9999, "--db", db_path)
    assert missing.code == 2 and "не найден" in missing.err


def test_dry_run_changes_no_byte(cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    report = _json(cli("import", _amended(seeds, tmp_path / "d"), "--dry-run", "--db", db_path,
                       "--json"))
    assert report["dry_run"] is True
    assert {c["change"] for c in report["documents"][0]["changes"]} == {"изменён", "исключён", "добавлен"}
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    text = cli("import", _amended(seeds, tmp_path / "d"), "--dry-run", "--db", db_path)
    assert "Пробный импорт" in text.out and "исключён: пункт 4.7" in text.out


def test_correction_survives_reimport_of_a_new_edition(
    cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path
) -> None:
    item = _rows(db_path, "SELECT i.id FROM item i JOIN document d ON d.id = i.document_id "
                          "WHERE d.source_name = ? AND i.number = '1.2'", ORDER)[0][0]
    edited = cli("item", "edit", item, "--title", "Консультации школьных координаторов",
                 "--deadline", "до 31.05.2023", "--why", "уточнено с ИМЦ", "--db", db_path)
    assert edited.code == 0, edited.err
    assert cli("import", _amended(seeds, tmp_path / "r"), "--db", db_path).code == 0
    title, deadline = _rows(db_path, "SELECT title, deadline_raw FROM item WHERE id = ?", item)[0]
    assert (title, deadline) == ("Консультации школьных координаторов", "до 31.05.2023")


def test_remove_document_refuses_recorded_work_unless_forced(
    cli: CliRunner, db_path: Path, seeds: list[Path]
) -> None:
    doc = _rows(db_path, "SELECT id FROM document WHERE source_name = ?", ORDER)[0][0]
    assert cli("status", _assignment(db_path, "1.1"), "в работе", "--db", db_path).code == 0
    refused = cli("documents", "remove", doc, "--db", db_path)
    assert refused.code == 2 and "--force" in refused.err and "Traceback" not in refused.err
    assert _rows(db_path, "SELECT COUNT(*) FROM document WHERE id = ?", doc)[0][0] == 1
    forced = cli("documents", "remove", doc, "--force", "--why", "ошибочный импорт", "--db", db_path)
    assert forced.code == 0, forced.err
    assert _rows(db_path, "SELECT COUNT(*) FROM item WHERE document_id = ?", doc)[0][0] == 0
    kept = _rows(db_path, "SELECT old_value, reason FROM item_change WHERE field = 'document'")
    assert len(kept) == 1 and kept[0][1] == "ошибочный импорт"
    assert json.loads(str(kept[0][0]))["status_changes"][0]["new_status"] == "in_progress"


@pytest.mark.postgres
def test_amended_edition_and_removal_on_postgres(
    cli: CliRunner, pg_url: str, seeds: list[Path], tmp_path: Path
) -> None:
    order = next(p for p in seeds if p.name == ORDER)
    assert cli("import", order, "--db", pg_url).code == 0
    listed = _json(cli("documents", "--db", pg_url, "--json"))
    assert [(d["version"], d["items"]) for d in listed] == [(1, 13)]
    report = _json(cli("import", _amended(seeds, tmp_path / "pg"), "--db", pg_url, "--json"))
    assert {(c["number"], c["change"]) for c in report["documents"][0]["changes"]} == {
        ("4.1", "изменён"), ("4.7", "исключён"), ("4.8", "добавлен")}
    listed = _json(cli("documents", "--db", pg_url, "--json"))
    assert [(d["version"], d["items"], d["withdrawn"]) for d in listed] == [(2, 14, 1)]
    assert cli("documents", "remove", listed[0]["id"], "--db", pg_url).code == 0
    assert _json(cli("documents", "--db", pg_url, "--json")) == []


def test_the_same_act_in_another_format_is_not_a_new_edition(cli: CliRunner, tmp_path: Path) -> None:
    corpus = Path(__file__).parent / "fixtures" / "corpus"
    db = tmp_path / "f.db"
    report = _json(cli("import", corpus / "d36_penza_post1074_2007.docx",
                       corpus / "d36_penza_post1074_2007.txt", "--db", db, "--json"))
    assert [(d["outcome"], d["version"]) for d in report["documents"]] == [  # type: ignore[index]
        ("новый", 1), ("без изменений", 1)]
    assert _rows(db, "SELECT version FROM document") == [(1,)]
    assert _rows(db, "SELECT COUNT(*) FROM document_version") == [(1,)]
    assert _rows(db, "SELECT COUNT(*) FROM item") == [(7,)]
