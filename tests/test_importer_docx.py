"""Word documents (.docx) import like the text extracted from them.

The .docx files are built here with python-docx from the seeds and the
golden items: prose orders as paragraphs, plans as real Word tables with a
merged section row, as departments write them.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from roadmap_tui.importer import DocumentError, read_document

from conftest import FIXTURES, PROJECT, CliRunner

SEEDS = PROJECT / "data" / "roadmaps"
GOLDEN = [json.loads(line) for line in
          (FIXTURES / "golden" / "seed_items.jsonl").read_text(encoding="utf-8").splitlines()]
HEADER = ("№ п/п", "Наименование мероприятий", "Срок реализации", "Форма проведения", "Исполнитель",
          "Форма отчета о выполнении", "Примечания")


def _key(item: object) -> tuple[object, ...]:
    return (item.kind, item.number, item.title, item.deadline_raw, tuple(item.responsible))  # type: ignore[attr-defined]


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_prose_order_as_paragraphs(tmp_path: Path) -> None:
    seed = _seed("000")
    document = docx.Document()
    for line in seed.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / seed.name.replace(".txt", ".docx")
    document.save(str(path))
    from_word, from_text = read_document(path), read_document(seed)
    assert len(from_word.items) == 13
    assert [_key(i) for i in from_word.items] == [_key(i) for i in from_text.items]
    assert (from_word.number, from_word.date) == (from_text.number, from_text.date)


def _plan_docx(path: Path) -> None:
    """001's order text as paragraphs, then its plan as one clean 7-column Word table."""
    lines = _seed("001").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("№ п/п"))
    document = docx.Document()
    for line in lines[:start]:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(HEADER))
    for cell, text in zip(table.add_row().cells, HEADER, strict=True):
        cell.text = text
    seen_sections: set[str] = set()
    for item in (g for g in GOLDEN if g["doc"].startswith("001") and g["kind"] == "plan_row"):
        section = item["number"].split(".")[0]
        if section not in seen_sections:
            seen_sections.add(section)
            row = table.add_row().cells
            row[0].text = f"{section}."
            merged = row[1].merge(row[-1])
            merged.text = item["section"]
        values = (f"{item['number']}.", item["title"], item["deadline_raw"], item["form"],
                  item["responsible_raw"], item["report_form"], item["note"])
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text or ""
    document.save(str(path))


def test_plan_table_matches_golden_items(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    _plan_docx(path)
    parsed = read_document(path)
    rows = {(i.number, i.dup_index): i for i in parsed.items if i.kind == "plan_row"}
    golden = [g for g in GOLDEN if g["doc"].startswith("001")]
    assert len(rows) == len(golden) == 41
    fields = ("title", "deadline_raw", "form", "responsible", "report_form", "note", "section")
    wrong = [(g["number"], f) for g in golden for f in fields
             if getattr(rows[(g["number"], g["dup_index"])], f) != g[f]]
    assert wrong == []
    assert (parsed.period_start.isoformat(), parsed.period_end.isoformat()) == ("2022-09-01", "2023-08-31")


def test_broken_word_file_is_a_clear_error(tmp_path: Path, cli: CliRunner) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<oops")
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(DocumentError, match="документ Word"):
        read_document(broken)
    result = cli("import", broken, "--db", tmp_path / "x.db")
    assert result.code == 2 and "документ Word" in result.err and "Traceback" not in result.err


def test_cli_imports_word_documents(tmp_path: Path, cli: CliRunner) -> None:
    path = tmp_path / "plan.docx"
    _plan_docx(path)
    first = cli("import", path, "--db", tmp_path / "w.db", "--json")
    assert first.code == 0, first.err
    report = json.loads(first.out)["documents"][0]
    assert report["items"] >= 41 and report["assignments_added"] > 100
    again = json.loads(cli("import", path, "--db", tmp_path / "w.db", "--json").out)["documents"][0]
    assert again["outcome"] == "без изменений" and again["assignments_added"] == 0


def test_other_municipality_layout(tmp_path: Path) -> None:
    """Columns in another order and the period only in the order's title still import."""
    document = docx.Document()
    for line in ("АДМИНИСТРАЦИЯ ТЕГУЛЬДЕТСКОГО РАЙОНА", "РАСПОРЯЖЕНИЕ", "15.02.2024", "№ 45-р",
                 "Об утверждении плана мероприятий по профориентации на 2024 – 2025 учебный год"):
        document.add_paragraph(line)
    rows = [("№", "Мероприятие", "Ответственный исполнитель", "Срок исполнения", "Ожидаемый результат"),
            ("1.", "Проведение Недели профориентации", "Общеобразовательные организации",
             "Ежегодно, октябрь", "Отчёт"),
            ("2.", "Мониторинг профессиональных намерений выпускников", "МАУ ИМЦ г. Томска",
             "I квартал 2025", "Аналитическая справка"),
            ("3.", "Совещание руководителей", "Департамент образования администрации Города Томска",
             "по мере необходимости", "Протокол")]
    table = document.add_table(rows=0, cols=5)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "teguldet.docx"
    document.save(str(path))
    parsed = read_document(path)
    assert (parsed.kind, parsed.number) == ("распоряжение", "45-р")
    assert (parsed.period_start.isoformat(), parsed.period_end.isoformat()) == ("2024-09-01", "2025-08-31")
    assert [(i.number, i.deadline_raw, i.responsible, i.report_form) for i in parsed.items] == [
        ("1", "Ежегодно, октябрь", ["ОО"], "Отчёт"),
        ("2", "I квартал 2025", ["ИМЦ"], "Аналитическая справка"),
        ("3", "по мере необходимости", ["ДО"], "Протокол"),
    ]
