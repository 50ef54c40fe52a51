"""Executors another municipality registers are recognised in any grammatical case."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from roadmap_tui.importer.registry_match import known_names, match_registry

from conftest import CliRunner

NAMES = known_names([
    ("УО_ТЕГ", ["Управление образования Тегульдетского района", "УО Тегульдет"]),
    ("ЦДТ", ["Центр детского творчества"]),
    ("X", ["ОО"]),  # too short to trust
])


def test_inflected_names_match_in_order() -> None:
    text = "Центру детского творчества совместно с Управлением образования Тегульдетского района"
    assert match_registry(text, NAMES) == ["ЦДТ", "УО_ТЕГ"]
    assert match_registry("Руководителям ОО", NAMES) == []
    assert match_registry("Управление культуры Тегульдетского района", NAMES) == []


def test_import_uses_the_registry(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    registry = tmp_path / "bodies.csv"
    registry.write_text(
        "code,full_name,short_name,kind,aliases,municipality\n"
        "УО_ТЕГ,Управление образования Администрации Тегульдетского района,УО Тегульдет,department,"
        "Управление образования Тегульдетского района,Тегульдетский район\n",
        encoding="utf-8")
    assert cli("bodies", "import", registry, "--db", db).code == 0
    document = docx.Document()
    for line in ("РАСПОРЯЖЕНИЕ", "15.02.2024", "№ 45-р", "Об утверждении плана на 2024 – 2025 учебный год"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=4)
    for values in (("№", "Мероприятие", "Срок", "Ответственный"),
                   ("1.", "Совещание директоров", "октябрь", "Управлению образования Тегульдетского района")):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    report = json.loads(cli("import", path, "--db", db, "--json").out)["documents"][0]
    assert not any("ответственный" in w for w in report["warnings"])
    items = json.loads(cli("items", "--db", db, "--json").out)
    assert [i["responsible"] for i in items] == [["УО_ТЕГ"]]
    due = json.loads(cli("due", "--within", "400", "--as-of", "01.09.2024", "--db", db, "--json").out)
    assert [(a["body"], a["due"]) for a in due["assignments"]] == [("УО_ТЕГ", "2024-10-31")]
