"""The `roadmap` CLI end to end on real SQLite files: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from conftest import FIXTURES, CliRunner

SEED_COUNTS = {"000": 13, "002": 5, "003": 25, "004": 0}


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def test_import_reports_every_document(cli: CliRunner, tmp_path: Path, seeds: list[Path]) -> None:
    db = tmp_path / "new.db"
    report = _json(cli("import", *seeds, "--db", db, "--json"))
    by_prefix = {d["source_name"][:3]: d for d in report["documents"]}
    for prefix, count in SEED_COUNTS.items():
        assert by_prefix[prefix]["items"] == count
    assert by_prefix["001"]["items"] >= 41
    assert all(d["outcome"] == "новый" for d in report["documents"])
    assert sum(d["assignments_added"] for d in report["documents"]) > 100
    # Warnings are reported, not dropped: 002's "до 10.03.2021" predates the order.
    assert any("раньше даты документа" in w for w in by_prefix["002"]["warnings"])


def test_reimport_adds_nothing_and_keeps_statuses(cli: CliRunner, db_path: Path, seeds: list[Path]) -> None:
    overdue = _json(cli("overdue", "--db", db_path, "--as-of", "15.03.2023", "--json"))
    target = overdue["assignments"][0]["id"]
    assert cli("status", target, "выполнено", "--comment", "отчёт сдан", "--db", db_path).code == 0
    before = _counts(db_path)
    report = _json(cli("import", *seeds, "--db", db_path, "--json"))
    assert all(d["outcome"] == "без изменений" for d in report["documents"])
    assert sum(d["assignments_added"] + d["items_added"] for d in report["documents"]) == 0
    assert _counts(db_path) == before
    history = _json(cli("history", target, "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["done"]


def test_changed_document_updates_in_place(cli: CliRunner, db_path: Path, seeds: list[Path], tmp_path: Path) -> None:
    source = next(p for p in seeds if p.name.startswith("000"))
    changed = tmp_path / source.name
    changed.write_text(source.read_text(encoding="utf-8").replace("до 25.01.2023", "до 27.01.2023"),
                       encoding="utf-8")
    items_before = _counts(db_path)[0]
    report = _json(cli("import", changed, "--db", db_path, "--json"))
    assert report["documents"][0]["outcome"] == "новая редакция"
    assert report["documents"][0]["version"] == 2 and report["documents"][0]["items_changed"] >= 1
    assert report["documents"][0]["items_added"] == 0
    assert _counts(db_path)[0] == items_before
    with sqlite3.connect(db_path) as con:
        dues = {r[0] for r in con.execute(
            "SELECT due_on FROM item_due JOIN item ON item.id = item_due.item_id "
            "WHERE item.deadline_raw LIKE '%27.01.2023%'")}
    assert dues == {"2023-01-27"}


def test_import_a_folder_of_documents(cli: CliRunner, tmp_path: Path, seeds: list[Path]) -> None:
    folder = tmp_path / "карты"
    folder.mkdir()
    for seed in seeds[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "readme.pdf").write_bytes(b"%PDF")
    report = _json(cli("import", folder, "--db", tmp_path / "f.db", "--json"))
    assert [d["source_name"] for d in report["documents"]] == [s.name for s in seeds[:2]]
    empty = tmp_path / "пусто"
    empty.mkdir()
    refused = cli("import", empty, "--db", tmp_path / "f.db")
    assert refused.code == 2 and "нет документов" in refused.err


def test_failed_import_changes_nothing(cli: CliRunner, tmp_path: Path, seeds: list[Path]) -> None:
    db = tmp_path / "x.db"
    assert cli("import", seeds[0], "--db", db).code == 0
    before = _counts(db)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\xff\xfe garbage \x00" * 100)
    result = cli("import", seeds[1], broken, "--db", db)
    assert result.code == 2
    assert "Traceback" not in result.err and result.err.strip()
    assert _counts(db) == before


def test_missing_file_and_bad_date_are_refused(cli: CliRunner, db_path: Path) -> None:
    missing = cli("import", "/nonexistent/plan.txt", "--db", db_path)
    assert missing.code == 2 and "не найден" in missing.err
    bad_date = cli("overdue", "--as-of", "32.13.2023", "--db", db_path)
    assert bad_date.code == 2 and "Неверная дата" in bad_date.err
    unknown = cli("overdue", "--body", "НЕТ_ТАКОГО", "--db", db_path)
    assert unknown.code == 2 and "Неизвестный ответственный" in unknown.err
    flag = cli("overdue", "--no-such-flag", "--db", db_path)
    assert flag.code == 2 and "непонятные аргументы" in flag.err


def test_not_a_database_is_a_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("это не база данных" * 100, encoding="utf-8")
    result = cli("overdue", "--db", bogus)
    assert result.code == 2
    assert "Traceback" not in result.err and "Ошибка" in result.err


def test_deadline_explains_a_phrase(cli: CliRunner) -> None:
    out = _json(cli("deadline", "Ежегодно до 25 сентября", "--period", "08.11.2021..31.12.2025",
                    "--json"))
    assert out["kind"] == "recurring"
    assert out["due"] == ["2022-09-25", "2023-09-25", "2024-09-25", "2025-09-25"]
    assert out["explain"]
    bad = cli("deadline", "март", "--period", "2023")
    assert bad.code == 2 and "период" in bad.err


def test_items_json_fields_and_filters(cli: CliRunner, db_path: Path) -> None:
    items = _json(cli("items", "--db", db_path, "--json"))
    golden = [json.loads(line) for line in
              (FIXTURES / "golden" / "seed_items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) >= len(golden)
    for key in ("doc", "number", "title", "deadline", "responsible", "report_form"):
        assert all(key in item for item in items)
    cpk = _json(cli("items", "--body", "ЦПК", "--db", db_path, "--json"))
    assert cpk and all("ЦПК" in item["responsible"] for item in cpk)
    assert len(cpk) < len(items)
    doc = _json(cli("items", "--doc", "16/р", "--db", db_path, "--json"))
    assert {i["doc"] for i in doc} == {"000_323216f1b1eacdfb.txt"}


def test_overdue_lists_open_past_due_oldest_first(cli: CliRunner, db_path: Path) -> None:
    as_of = date(2023, 3, 15)
    out = _json(cli("overdue", "--as-of", "15.03.2023", "--limit", "0", "--db", db_path, "--json"))
    rows = out["assignments"]
    assert rows and out["total"] == len(rows)
    dues = [date.fromisoformat(r["due"]) for r in rows]
    assert dues == sorted(dues) and all(d < as_of for d in dues)
    assert all(r["days_overdue"] == (as_of - date.fromisoformat(r["due"])).days for r in rows)
    # The due day itself is not overdue.
    last_due = dues[-1].strftime("%d.%m.%Y")
    same_day = _json(cli("overdue", "--as-of", last_due, "--limit", "0", "--db", db_path, "--json"))
    assert all(date.fromisoformat(r["due"]) < dues[-1] for r in same_day["assignments"])
    text = cli("overdue", "--as-of", "15.03.2023", "--db", db_path)
    assert "Просрочено на 15.03.2023" in text.out


def test_a_list_asked_for_in_full_is_streamed_as_one_json_document(cli: CliRunner, db_path: Path) -> None:
    from collections.abc import Iterator

    from roadmap_tui.model.connection import open_reader
    from roadmap_tui.read import assignments

    whole = _json(cli("overdue", "--as-of", "15.03.2023", "--limit", "0", "--db", db_path, "--json"))
    assert isinstance(whole, dict) and whole["total"] == len(whole["assignments"]) > 200
    assert len({r["id"] for r in whole["assignments"]}) == whole["total"]
    with open_reader(f"sqlite:///{db_path}") as reader:
        rows, total = assignments.overdue(reader, date(2023, 3, 15))
        assert isinstance(rows, Iterator) and not isinstance(rows, list)  # never a whole list
        assert [r.id for r in rows] == [r["id"] for r in whole["assignments"]]


def test_due_within_window(cli: CliRunner, db_path: Path) -> None:
    out = _json(cli("due", "--within", "30", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    dues = [date.fromisoformat(r["due"]) for r in out["assignments"]]
    assert dues and all(date(2023, 3, 15) <= d <= date(2023, 4, 14) for d in dues)


def test_status_history_and_overdue(cli: CliRunner, db_path: Path) -> None:
    first = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    target = first["assignments"][0]
    result = cli("status", target["id"], "выполнено", "--comment", "сдано с опозданием",
                 "--by", "Иванова", "--date", "10.03.2023", "--db", db_path)
    assert result.code == 0 and "выполнено" in result.out
    after = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    assert target["id"] not in {r["id"] for r in after["assignments"]}
    assert after["total"] == first["total"] - 1
    history = _json(cli("history", target["id"], "--db", db_path, "--json"))
    assert history[-1]["changed_by"] == "Иванова"
    assert history[-1]["comment"] == "сдано с опозданием"
    assert history[-1]["completed_on"] == "2023-03-10"


def test_stale_version_is_refused(cli: CliRunner, db_path: Path) -> None:
    target = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))["assignments"][0]
    ok = cli("status", target["id"], "в работе", "--expect-version", target["version"], "--db", db_path)
    assert ok.code == 0
    stale = cli("status", target["id"], "выполнено", "--expect-version", target["version"],
                "--db", db_path)
    assert stale.code == 2 and "версия устарела" in stale.err
    history = _json(cli("history", target["id"], "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["in_progress"]


def test_postpone_needs_date_and_reason(cli: CliRunner, db_path: Path) -> None:
    target = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))["assignments"][0]
    assert cli("status", target["id"], "перенесено", "--db", db_path).code == 2
    assert cli("status", target["id"], "перенесено", "--date", "01.06.2023", "--db", db_path).code == 2
    moved = cli("status", target["id"], "перенесено", "--date", "01.06.2023",
                "--comment", "по письму ДОО", "--db", db_path)
    assert moved.code == 0
    history = _json(cli("history", target["id"], "--db", db_path, "--json"))
    assert history[-1]["old_due"] == target["due"] and history[-1]["new_due"] == "2023-06-01"
    with sqlite3.connect(db_path) as con:
        original, due = con.execute("SELECT original_due_on, due_on FROM assignment WHERE id = ?",
                                    (target["id"],)).fetchone()
    assert (original, due) == (target["original_due"], "2023-06-01")


def test_undo_restores_previous_state(cli: CliRunner, db_path: Path) -> None:
    target = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))["assignments"][0]
    assert cli("status", target["id"], "выполнено", "--db", db_path).code == 0
    assert cli("undo", "--db", db_path).code == 0
    again = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    assert target["id"] in {r["id"] for r in again["assignments"]}
    history = _json(cli("history", target["id"], "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["done", "planned"]
    assert history[-1]["undo_of"] == history[0]["id"]
    assert cli("undo", "--db", db_path).code == 2  # nothing left to undo


def test_many_assignments_change_as_one_batch_and_undo_together(cli: CliRunner, db_path: Path) -> None:
    listed = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    ids = [r["id"] for r in listed["assignments"][:5]]
    typed = [f"{ids[0]},{ids[1]}", *map(str, ids[2:])]
    done = _json(cli("status", *typed, "выполнено", "--date", "14.03.2023", "--db", db_path,
                     "--json"))
    assert [c["assignment"] for c in done] == ids
    assert {c["new_status"] for c in done} == {"done"}
    after = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    assert after["total"] == listed["total"] - 5
    undone = _json(cli("undo", "--db", db_path, "--json"))  # the whole batch at once
    assert sorted(c["assignment"] for c in undone) == sorted(ids)
    again = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    assert again["total"] == listed["total"]


def test_one_bad_id_in_a_batch_changes_nothing(cli: CliRunner, db_path: Path) -> None:
    listed = _json(cli("overdue", "--as-of", "15.03.2023", "--db", db_path, "--json"))
    first = listed["assignments"][0]["id"]
    result = cli("status", first, 99999999, "выполнено", "--db", db_path)
    assert result.code == 2 and "99999999" in result.err and "не найдено" in result.err
    assert _json(cli("history", first, "--db", db_path, "--json")) == []
    for typo in ("12-", "a", "20-10", "1-99999"):
        refused = cli("status", typo, "выполнено", "--db", db_path)
        assert refused.code == 2 and "Traceback" not in refused.err, typo


def test_bad_status_and_unknown_assignment(cli: CliRunner, db_path: Path) -> None:
    assert cli("status", 1, "почти готово", "--db", db_path).code == 2
    missing = cli("status", 99999999, "выполнено", "--db", db_path)
    assert missing.code == 2 and "не найдено" in missing.err


def test_bodies_import_expands_group_to_new_schools(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    bodies = _json(cli("bodies", "--db", db_path, "--json"))
    schools = [b for b in bodies if b["kind"] == "school"]
    assert len(schools) >= 40
    registry = tmp_path / "schools.csv"
    registry.write_text(
        "code;short_name;full_name;kind;email;municipality\n"
        "school:МАОУ СОШ № 901;МАОУ СОШ № 901;Средняя школа № 901;school;s901@example.ru;Город Томск\n"
        "school:МАОУ СОШ № 902;МАОУ СОШ № 902;Средняя школа № 902;school;;Город Томск\n",
        encoding="cp1251",
    )
    with sqlite3.connect(db_path) as con:
        before = con.execute("SELECT COUNT(*) FROM assignment").fetchone()[0]
    out = _json(cli("bodies", "import", registry, "--db", db_path, "--json"))
    assert out["added"] == 2 and out["assignments_added"] > 0
    with sqlite3.connect(db_path) as con:
        new_school = con.execute(
            "SELECT COUNT(*) FROM assignment a JOIN body b ON b.id = a.body_id "
            "WHERE b.code = 'school:МАОУ СОШ № 901'").fetchone()[0]
        group_rows = con.execute(
            "SELECT COUNT(*) FROM assignment a JOIN body g ON g.id = a.via_group_id "
            "JOIN body b ON b.id = a.body_id WHERE g.code = 'ОО' AND b.code = 'school:МАОУ СОШ № 902'"
        ).fetchone()[0]
        after = con.execute("SELECT COUNT(*) FROM assignment").fetchone()[0]
    assert new_school == group_rows > 0
    assert after == before + out["assignments_added"]
    again = _json(cli("bodies", "import", registry, "--db", db_path, "--json"))
    assert again == {"added": 0, "updated": 0, "assignments_added": 0}
    bad = tmp_path / "bad.csv"
    bad.write_text("code,kind\nschool:X,завод\n", encoding="utf-8")
    refused = cli("bodies", "import", bad, "--db", db_path)
    assert refused.code == 2 and "неизвестный вид" in refused.err


def _counts(db: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(db) as con:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("item", "assignment", "status_change", "document")
        )


def test_database_from_environment(cli: CliRunner, db_path: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ROADMAP_DB", str(db_path))
    assert _json(cli("overdue", "--as-of", "15.03.2023", "--json"))["total"] > 0
    fresh = tmp_path / "elsewhere" / "fresh.db"
    monkeypatch.setenv("ROADMAP_DB", f"sqlite:///{fresh}")
    # A new database other than the default gets the schema and the registry, not the seeds.
    assert _json(cli("overdue", "--json"))["total"] == 0
    assert any(b["code"] == "ИМЦ" for b in _json(cli("bodies", "--json")))
    assert fresh.exists()
