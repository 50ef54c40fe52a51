"""`roadmap export xlsx`: the workbook read back with openpyxl — values, real dates, fills, frozen headers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from roadmap_tui.errors import NotFound
from roadmap_tui.export.xlsx import export_xlsx
from roadmap_tui.model.statuses import Status

from conftest import CliRunner
from test_export_data import AS_OF, BODIES, assignment_ids, make_digest_db, set_status

RED, GREEN = "00F4B6B6", "00C6EFCE"


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    url = make_digest_db(tmp_path / "db.sqlite")
    # [0] is the undated item 4 (NULL sorts first), [1] the first quarter of item 2
    set_status(url, assignment_ids(url, "ИМЦ")[1], Status.IN_PROGRESS, when=datetime(2024, 3, 12, 3, 0, tzinfo=UTC))
    out = tmp_path / "r.xlsx"
    report = export_xlsx(url, out, AS_OF)
    assert report.sheets == ["Сводка", "Просрочено", "№ 12-п"]
    return openpyxl.load_workbook(out)


def _rows(ws) -> list[list[object]]:  # noqa: ANN001
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_summary_sorted_by_arrears_with_totals(book: openpyxl.Workbook) -> None:
    ws = book["Сводка"]
    rows = _rows(ws)
    assert rows[0][:3] == ["Ответственный", "Поручений", "Выполнено в срок"]
    names = [r[0] for r in rows[1:]]
    assert names[0] == "Департамент образования"  # 2 overdue: the most arrears first
    assert names[-1] == "Итого"
    by_name = {r[0]: r for r in rows[1:]}
    do = by_name["Департамент образования"]
    assert (do[4], do[7], do[8]) == (2, 12, datetime(2024, 3, 1))  # overdue, longest delay, oldest due
    sosh2 = by_name["МАОУ «СОШ № 2»"]
    assert (sosh2[2], sosh2[3]) == (0, 1)  # done 11.03 for a 01.03 deadline: done late
    total = by_name["Итого"]
    assert total[4] == sum(r[4] for r in rows[1:-1])
    assert ws["B2"].font.b is False and ws.cell(len(rows), 1).font.b is True
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref
    assert ws.cell(2, 5).fill.fgColor.rgb == RED
    assert ws.cell(2, 7).number_format == "0%"


def test_overdue_sheet_has_real_dates_days_and_forms(book: openpyxl.Workbook) -> None:
    ws = book["Просрочено"]
    rows = _rows(ws)
    assert rows[0][:3] == ["Срок", "Дней просрочки", "Ответственный"]
    first = rows[1]
    assert first[0] == datetime(2024, 3, 1) and first[1] == 12
    assert ws["A2"].is_date and ws["A2"].number_format == "DD.MM.YYYY"
    assert ws["B2"].fill.fgColor.rgb == RED
    assert {r[6] for r in rows[1:] if r[0] == datetime(2024, 3, 1)} == {"Справка; таблица"}
    assert "СОШ № 2" not in {r[2] for r in rows[1:] if r[0] == datetime(2024, 3, 1)}  # done, not overdue
    assert all("\n" not in str(r[5]) for r in rows[1:])  # one line per title, even the hostile one
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:I{len(rows)}"


def test_document_sheet_is_items_by_bodies_coloured(book: openpyxl.Workbook) -> None:
    ws = book["№ 12-п"]
    rows = _rows(ws)
    header = rows[0]
    assert header[:3] == ["Пункт", "Мероприятие", "Срок по документу"]
    assert header[-3:] == ["Всего", "Выполнено", "Просрочено"]
    assert "ОО" not in header  # a group's work is each school's column
    col = {name: k + 1 for k, name in enumerate(header)}
    item1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "1")
    assert ws.cell(item1, col["ДО"]).value == "просрочено"
    assert ws.cell(item1, col["ДО"]).fill.fgColor.rgb == RED
    assert ws.cell(item1, col["СОШ № 2"]).value == "выполнено"
    assert ws.cell(item1, col["СОШ № 2"]).fill.fgColor.rgb == GREEN
    assert ws.cell(item1, col["Всего"]).value == 4 and ws.cell(item1, col["Выполнено"]).value == 1
    item2 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "2")
    assert ws.cell(item2, col["ИМЦ"]).value == "в работе (0 из 2)"
    assert rows[-1][1] == "Итого просрочено"
    assert rows[-1][col["ДО"] - 1] == 2
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["B"].width == 50
    assert set(header[3:-3]) <= {b[2] for b in BODIES}


def test_unknown_document_is_refused(tmp_path: Path) -> None:
    url = make_digest_db(tmp_path / "db.sqlite")
    with pytest.raises(NotFound, match="не найден"):
        export_xlsx(url, tmp_path / "x.xlsx", AS_OF, document="нет такого")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export_xlsx(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "отчёт.xlsx"
    result = cli("export", "xlsx", "--out", out, "--as-of", "15.03.2023", "--db", db_path)
    assert result.code == 0, result.err
    assert "Таблица" in result.out
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[:2] == ["Сводка", "Просрочено"] and len(wb.sheetnames) > 2
    bad = cli("export", "xlsx", "--out", out, "--doc", "нет", "--db", db_path)
    assert bad.code == 2 and "не найден" in bad.err and "Traceback" not in bad.err
