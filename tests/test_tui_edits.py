"""Pilot tests of the small edits left from issues 9, 10 and 11, against a real SQLite file:
the item edit dialog from the list and the details, deadlines moved into the past, future
completion dates, the bulk dialog's Russian plurals, and the one-key Excel export."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from test_tui_flows import app_for, go_to, load_all, open_list, pilot_test, settle, status_dialog_on
from test_tui_support import NOW, TODAY, build_database
from textual.widgets import Input, Label, Select, Static

from roadmap_tui.read.states import DERIVED_LABELS
from roadmap_tui.settings import Settings
from roadmap_tui.tui.app import RoadmapApp, make_app
from roadmap_tui.tui.dialogs.bulk import BulkDialog
from roadmap_tui.tui.dialogs.confirm import ConfirmDialog
from roadmap_tui.tui.dialogs.date import DateDialog
from roadmap_tui.tui.dialogs.item_edit import ItemEditDialog
from roadmap_tui.tui.dialogs.status import StatusDialog
from roadmap_tui.tui.screens.assignments import AssignmentsScreen
from roadmap_tui.tui.screens.details import DetailsScreen
from roadmap_tui.tui.screens.matrix import MatrixScreen


@pytest.fixture
def url(tmp_path: Path) -> str:
    return build_database(tmp_path / "roadmap.db")


def db_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def item_row(url: str, number: str) -> tuple[str, str, int]:
    with sqlite3.connect(db_file(url)) as con:
        row = con.execute("SELECT title, report_form, version FROM item WHERE number = ? "
                          "AND document_id = (SELECT MIN(id) FROM document)", (number,)).fetchone()
    return row[0], row[1], int(row[2])


def title_of(dialog: object) -> str:
    return str(dialog.query_one(".dialog-title", Label).render())  # type: ignore[attr-defined]


async def save_edit(app, pilot, title: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    dialog = app.screen
    assert isinstance(dialog, ItemEditDialog)
    dialog.query_one("#title", Input).value = title
    dialog.query_one("#reason", Input).value = reason
    await pilot.press("ctrl+s")
    await settle(app, pilot)


@pilot_test
async def test_e_on_the_list_edits_the_item_of_the_selected_row(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await go_to(app, pilot, "1.2")
        await pilot.press("e")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemEditDialog)
        assert dialog.item.number == "1.2"
        assert dialog.query_one("#title", Input).value.startswith("Провести совещание")
        await save_edit(app, pilot, "Провести совещание директоров", "уточнено")
        assert app.errors == [] and app.screen is screen
        assert next(r for r in screen.rows.values() if r.number == "1.2").title == (
            "Провести совещание директоров")  # the list re-read itself
    title, _, version = item_row(url, "1.2")
    assert (title, version) == ("Провести совещание директоров", 2)
    with sqlite3.connect(db_file(url)) as con:
        audit = con.execute("SELECT field, changed_by, reason FROM item_change").fetchall()
    assert audit == [("title", "петрова", "уточнено")]


@pilot_test
async def test_e_on_the_details_edits_its_item(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        await go_to(app, pilot, "1.1")
        await pilot.press("enter")
        await settle(app, pilot)
        details = app.screen
        assert isinstance(details, DetailsScreen)
        await pilot.press("e")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemEditDialog) and dialog.item.number == "1.1"
        await save_edit(app, pilot, "Разработать план повышения качества", "сокращено")
        assert app.errors == [] and app.screen is details
        assert details.details is not None and details.details.title == (
            "Разработать план повышения качества")  # the details re-read themselves
    assert item_row(url, "1.1")[0] == "Разработать план повышения качества"


@pilot_test
async def test_bulk_dialog_counts_in_russian(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        assert isinstance(screen, AssignmentsScreen)
        heads = []
        for marks in (1, 2, 5):
            await pilot.press("x")
            await settle(app, pilot)
            screen.marked.clear()
            screen.table.move_cursor(row=0)
            await pilot.press(*["space"] * marks, "b")
            await settle(app, pilot)
            assert isinstance(app.screen, BulkDialog)
            heads.append(title_of(app.screen))
            await pilot.press("escape")
            await pilot.pause()
    assert heads == ["Изменить статус сразу у 1 назначения",
                     "Изменить статус сразу у 2 назначений",
                     "Изменить статус сразу у 5 назначений"]


def due_of(url: str, assignment_id: int) -> tuple[str | None, str, int]:
    with sqlite3.connect(db_file(url)) as con:
        row = con.execute("SELECT due_on, status, version FROM assignment WHERE id = ?",
                          (assignment_id,)).fetchone()
    return row[0], row[1], int(row[2])


async def date_dialog_on_undated_item(app, pilot):  # type: ignore[no-untyped-def]
    """The list of undated assignments, with the date dialog open on item 1.3's row."""
    screen = await open_list(app, pilot, "4")
    await pilot.press(*"дата не", "enter")
    await settle(app, pilot)
    await go_to(app, pilot, "1.3")
    target = screen.current()
    assert target is not None
    await pilot.press("d")
    await settle(app, pilot)
    return screen, target


@pilot_test
async def test_a_date_in_the_past_is_confirmed_first_and_no_returns_to_the_form(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, target = await date_dialog_on_undated_item(app, pilot)
        form = app.screen
        assert isinstance(form, DateDialog)
        await pilot.press(*"01.03.2023", "tab", *"решение рабочей группы", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        asked = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Новый срок уже прошёл" in asked and "01.03.2023" in asked
        await pilot.press("enter")  # the default answer: back to the form
        await pilot.pause()
        assert app.screen is form and form.query_one("#day", Input).value == "01.03.2023"
        assert due_of(url, target.id)[0] is None  # nothing written yet
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
    assert due_of(url, target.id)[0] == "2023-03-01"


@pilot_test
async def test_ctrl_q_over_the_past_date_question_still_asks_before_quitting(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        await go_to(app, pilot, "1.2")
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press(*"01.03.2023", "tab", *"решение", "enter")
        await pilot.pause()
        past = app.screen
        assert isinstance(past, ConfirmDialog)
        await pilot.press("ctrl+q")  # the form beneath holds typed text: ask, do not quit
        await pilot.pause()
        assert app.return_code is None and app.screen is not past
        assert "Выйти без сохранения?" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("ctrl+q")  # twice on the quit question: quit
        await pilot.pause()
        assert app.return_code == 0


@pilot_test
async def test_a_future_date_needs_no_confirmation(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, target = await date_dialog_on_undated_item(app, pilot)
        await pilot.press(*"30.04.2023", "tab", *"решение рабочей группы", "enter")
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
    assert due_of(url, target.id)[0] == "2023-04-30"


@pilot_test
async def test_postponing_into_the_past_in_the_status_dialog_is_confirmed(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, target, form = await status_dialog_on(app, pilot)
        form.query_one("#status", Select).value = "postponed"
        form.query_one("#due", Input).value = "01.02.2023"
        form.query_one("#comment", Input).value = "перенесено решением совещания"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # Escape is «no» too
        await pilot.pause()
        assert app.screen is form
        assert due_of(url, target.id) == (str(target.due_on), "planned", target.version)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
    assert due_of(url, target.id) == ("2023-02-01", "postponed", target.version + 1)


async def refused_in_the_form(app, pilot, key: str) -> StatusDialog:  # type: ignore[no-untyped-def]
    """Open the dialog with `key`, type a completion date still to come, save."""
    await pilot.press(key)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, StatusDialog)
    form.query_one("#completed", Input).value = "01.01.2030"
    form.query_one("#comment", Input).value = "сделано"
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert app.is_running and app.errors == []  # no crash, no separate error box
    again = app.screen
    assert isinstance(again, StatusDialog) and type(again) is type(form)
    error = str(again.query_one("#form-error", Static).render())
    assert "Дата выполнения 01.01.2030 ещё не наступила (сегодня 15.03.2023)" in error, error
    assert again.query_one("#completed", Input).value == "01.01.2030"  # nothing typed lost
    assert again.query_one("#comment", Input).value == "сделано"
    return again


@pilot_test
async def test_a_future_completion_date_is_refused_in_the_form_with_the_cores_message(
        url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await go_to(app, pilot, "1.2")
        first = screen.current()
        assert first is not None
        again = await refused_in_the_form(app, pilot, "s")
        again.query_one("#completed", Input).value = "14.03.2023"
        await pilot.press("ctrl+s")  # corrected: saved
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
        assert due_of(url, first.id)[1:] == ("done", first.version + 1)
        await go_to(app, pilot, "2.1")
        await pilot.press("space", "space")
        marked = dict(screen.marked)
        before = [due_of(url, a) for a in marked]
        await refused_in_the_form(app, pilot, "b")  # the bulk dialog
        assert screen.marked == marked  # nothing written: the marks stand
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
    assert [due_of(url, a) for a in marked] == before


def export_app(url: str, folder: Path) -> RoadmapApp:
    return make_app(Settings(url, TODAY, "петрова", export_dir=folder), clock=lambda: NOW)


def sheet_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


async def exported(app: RoadmapApp, pilot) -> Path:  # type: ignore[no-untyped-def]
    before = len(app.exported)
    await pilot.press("ctrl+e")
    await settle(app, pilot)
    assert app.errors == [] and len(app.exported) == before + 1
    path = app.exported[-1]
    assert any(str(path) in n.message and "Таблица сохранена" in n.message
               for n in app._notifications)
    return path


@pilot_test
async def test_ctrl_e_writes_the_filtered_list_as_shown(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    app = export_app(url, folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, "5")  # overdue only
        await pilot.press("slash", *"диагност", "enter")
        await settle(app, pilot)
        await pilot.press("o")  # sorted by number: the file keeps the screen's order
        await settle(app, pilot)
        await load_all(app, pilot, screen)
        shown = list(screen.rows.values())
        assert len(shown) == screen.total == 22
        path = await exported(app, pilot)
        again = await exported(app, pilot)  # a second export never overwrites the first
    assert path.parent == folder and path.suffix == ".xlsx" and path.name.startswith("spisok-")
    assert again != path and again.exists()
    rows = sheet_rows(path, "Назначения")
    assert rows[0][:6] == ("№", "Документ", "Мероприятие", "Ответственный", "Начало периода", "Срок")
    assert [(r[0], r[3], r[5], r[6], r[9]) for r in rows[1:]] == [
        (s.number, s.body, datetime.combine(s.due_on, datetime.min.time()), "просрочено",
         s.days_overdue) for s in shown if s.due_on]
    assert len(rows) == len(shown) + 1
    conditions = dict(r for r in sheet_rows(path, "Условия")[1:])  # type: ignore[misc]
    assert conditions["Только"] == "просроченные" and conditions["Поиск"] == "«диагност»"
    assert conditions["Состояние на дату"] == "15.03.2023" and conditions["Строк"] == "22"
    book = openpyxl.load_workbook(path)
    cell = book["Назначения"]["G2"]
    assert cell.fill.fgColor.rgb.endswith("F4B6B6")  # overdue in red, as on screen
    assert book["Назначения"]["F2"].number_format == "DD.MM.YYYY"


@pilot_test
async def test_ctrl_e_on_the_matrix_writes_schools_by_items(url: str, tmp_path: Path) -> None:
    app = export_app(url, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        await go_to(app, pilot, "2.1")
        await pilot.press("m")
        await settle(app, pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen) and matrix.matrix is not None
        path = await exported(app, pilot)
        m = matrix.matrix
    rows = sheet_rows(path, "Матрица")
    assert rows[0][:2] == ("Школа", "Просрочено") and [h.split()[0] for h in rows[0][2:]] == [
        "2.1", "2.2"]
    assert [r[0] for r in rows[1:]] == [name for _, name in m.schools]  # laggards first
    first_id = m.schools[0][0]
    assert rows[1][1] == m.lagging[first_id]
    assert rows[1][2] == DERIVED_LABELS[m.cells[(first_id, m.items[0][0])]]


@pilot_test
async def test_ctrl_e_in_the_rollup_writes_the_rollup(url: str, tmp_path: Path) -> None:
    app = export_app(url, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot, "g")
        path = await exported(app, pilot)
        shown = screen.rollup_rows
    rows = sheet_rows(path, "Свод")
    assert path.name.startswith("svod-")
    assert [(r[0], r[4], r[5], r[6]) for r in rows[1:]] == [
        (s.number, s.total, s.done, s.overdue) for s in shown]


@pilot_test
async def test_an_export_that_cannot_be_written_is_named_in_russian(url: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = export_app(url, blocker / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert app.is_running and app.exported == []
        assert "Таблица не записана" in app.errors[-1] and "на запись" in app.errors[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


LAUNCH = """
import asyncio, json, sys
from datetime import UTC, date, datetime
from pathlib import Path
from roadmap_tui.settings import Settings
from roadmap_tui.tui.app import make_app

async def main():
    app = make_app(Settings(sys.argv[1], date(2023, 3, 15), "петрова", export_dir=Path(sys.argv[2])),
                   clock=lambda: datetime(2023, 3, 15, 3, tzinfo=UTC))
    seen = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("", "a", "ctrl+e"):
            if key:
                await pilot.press(key)
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            seen[key] = sorted({m.split(".")[0] if m.startswith("openpyxl") else m
                                for m in sys.modules
                                if m.startswith(("openpyxl", "roadmap_tui.export"))})
    print(json.dumps({"seen": seen, "exported": [str(p) for p in app.exported],
                      "errors": app.errors}))

asyncio.run(main())
"""


def test_the_ui_loads_no_exporter_until_ctrl_e(url: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LAUNCH, url, str(tmp_path / "exports")],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["seen"][""] == result["seen"]["a"] == []  # launch, then the list
    assert "openpyxl" in result["seen"]["ctrl+e"]
    assert result["errors"] == [] and len(result["exported"]) == 1
    assert Path(result["exported"][0]).exists()


def test_a_view_longer_than_an_excel_sheet_is_cut_and_says_so(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from roadmap_tui.export import view_xlsx

    monkeypatch.setattr(view_xlsx, "MAX_ROWS", 3)  # instead of writing 1 048 576 rows
    view = view_xlsx.View("Назначения", ("№",), (8,), ([str(n)] for n in range(5)), 5, [])
    assert view_xlsx.write_view(tmp_path / "v.xlsx", view) == 3
    assert [r[0] for r in sheet_rows(tmp_path / "v.xlsx", "Назначения")] == ["№", "0", "1", "2"]
    count = dict(sheet_rows(tmp_path / "v.xlsx", "Условия")[1:])["Строк"]  # type: ignore[arg-type]
    assert count.startswith("3 из 5: лист Excel вмещает не больше 3 строк")
