"""Pilot tests: every coordinator flow against a real SQLite file."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select
from test_tui_support import (
    NOW,
    TODAY,
    UNREGISTERED,
    add_document_without_schools,
    build_database,
)
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from roadmap_tui.model.connection import Database
from roadmap_tui.model.db import lean, make_engine, unit_of_work
from roadmap_tui.model.statuses import Status
from roadmap_tui.model.tables import Assignment, Item, StatusChange
from roadmap_tui.read.view import PAGE_SIZE
from roadmap_tui.settings import Settings
from roadmap_tui.tracking.status import StatusUpdate, change_status
from roadmap_tui.tui.app import RoadmapApp, make_app
from roadmap_tui.tui.dialogs.error import ErrorDialog
from roadmap_tui.tui.dialogs.pickers import PickerDialog
from roadmap_tui.tui.dialogs.status import StatusDialog
from roadmap_tui.tui.screens.assignments import AssignmentsScreen
from roadmap_tui.tui.screens.details import DetailsScreen
from roadmap_tui.tui.screens.help import HelpScreen
from roadmap_tui.tui.screens.matrix import MatrixScreen
from roadmap_tui.tui.screens.overview import OverviewScreen
from roadmap_tui.tui.screens.review import ReviewScreen

SIZE = (120, 40)


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async pilot test on a fresh event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))  # type: ignore[arg-type]

    return run


@pytest.fixture
def url(tmp_path: Path) -> str:
    return build_database(tmp_path / "roadmap.db")


def app_for(url: str, user: str = "петрова") -> RoadmapApp:
    return make_app(Settings(url, TODAY, user), clock=lambda: NOW)


async def settle(app: RoadmapApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def rows_of(screen: AssignmentsScreen) -> list:  # type: ignore[type-arg]
    return list(screen.rows.values())


def assignments(url: str, number: str) -> list[Assignment]:
    engine = make_engine(url)
    with Session(engine) as s:
        item_id = s.exec(select(Item.id).where(Item.number == number)).first()
        found = list(s.exec(select(Assignment).where(Assignment.item_id == item_id)
                            .order_by(col(Assignment.id))))
    engine.dispose()
    return found


def assignments_by_id(url: str) -> list[Assignment]:
    engine = make_engine(url)
    with Session(engine) as s:
        found = list(s.exec(select(Assignment).order_by(col(Assignment.id))))
    engine.dispose()
    return found


def changes(url: str) -> list[StatusChange]:
    engine = make_engine(url)
    with Session(engine) as s:
        found = list(s.exec(select(StatusChange).order_by(col(StatusChange.id))))
    engine.dispose()
    return found


async def open_list(app: RoadmapApp, pilot, *keys: str) -> AssignmentsScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("a", *keys)
    await settle(app, pilot)
    screen = next(s for s in app.screen_stack if isinstance(s, AssignmentsScreen))
    return screen


async def go_to(app: RoadmapApp, pilot, number: str, body: str | None = None) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, AssignmentsScreen)
    for index, row in enumerate(screen.rows.values()):
        if row.number == number and (body is None or row.body == body):
            screen.table.move_cursor(row=index)
            await pilot.pause()
            return
    raise AssertionError(f"no row {number} {body}")


async def status_dialog_on(app: RoadmapApp, pilot, number: str = "1.2"):  # type: ignore[no-untyped-def]
    """The list of all assignments with the status dialog open on item `number`'s first row."""
    screen = await open_list(app, pilot)
    await go_to(app, pilot, number)
    target = screen.current()
    assert target is not None
    await pilot.press("s")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, StatusDialog)
    return screen, target, dialog


@pilot_test
async def test_overview_counts_and_cell_opens_matching_list(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        plan = overview.by_section[0]
        assert plan.values == {"overdue": 23, "due_soon": 67, "undated": 2, "open": 2,
                               "done_on_time": 42, "done_late": 4, "cancelled": 0}
        first = overview.by_body[0]
        assert first.values["overdue"] == 1
        table = overview.query_one("#by-body", DataTable)
        table.move_cursor(row=0, column=1)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentsScreen)
        assert screen.filters.body is not None and screen.filters.body.label == first.label
        assert [r.derived.value for r in rows_of(screen)] == ["overdue"]
        assert screen.total == 1


@pilot_test
async def test_overview_covered_by_the_list_reads_again_on_return(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen) and overview.loaded == 1
        screen = await open_list(app, pilot)
        drawn = overview.by_body
        app.data_changed()  # a write made in the list: every screen reads again…
        await settle(app, pilot)
        assert app.screen is screen
        assert overview.by_body is drawn and overview.loaded == 1  # …the covered overview later
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is overview and overview.loaded == 2  # read and drawn on return
        assert overview.by_body is not drawn
        assert overview.query_one("#by-body", DataTable).row_count == len(overview.by_body)


@pilot_test
async def test_overview_names_group_placeholders_by_municipality(url: str) -> None:
    add_document_without_schools(url)
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        label = f"ОО — школы не внесены в реестр ({UNREGISTERED})"
        row = next((n for n, c in enumerate(overview.by_body) if c.label == label), None)
        assert row is not None, [c.label for c in overview.by_body[:5]]
        assert overview.by_body[row].values["overdue"] == 1
        assert overview.by_body[row].total == 1
        assert all(c.label != "ОО" for c in overview.by_body)
        table = overview.query_one("#by-body", DataTable)
        table.move_cursor(row=row, column=1)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentsScreen)
        assert screen.total == 1  # the placeholder itself, not the schools reached via ОО
        assert [(r.body, r.doc) for r in rows_of(screen)] == [("ОО", "003_aleksandrovsky.txt")]
        bar = str(screen.query_one("#filter-bar", Static).render())
        assert UNREGISTERED in bar


@pilot_test
async def test_list_pages_lazily(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot)
        assert screen.total == 208
        assert len(screen.rows) == PAGE_SIZE  # one page, not everything
        await load_all(app, pilot, screen)  # the cursor at the end loads the next page
        assert len(screen.rows) == 208
        undated = [r for r in rows_of(screen) if r.due_on is None]
        assert undated and rows_of(screen)[-len(undated):] == undated  # undated last


async def load_all(app: RoadmapApp, pilot, screen: AssignmentsScreen) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if screen._cursor is None:
            return
        await pilot.press("ctrl+end")
        await settle(app, pilot)
    raise AssertionError("the list never reached its end")


def bar_of(screen: AssignmentsScreen) -> str:
    return str(screen.query_one("#filter-bar", Static).render())


@pilot_test
async def test_sort_reverses_with_shift_o_and_second_header_click(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot)
        assert "сортировка по сроку ↑" in bar_of(screen)
        screen.page_size = 20  # many pages, page edges inside runs of equal due dates
        await pilot.press("O")
        await settle(app, pilot)
        assert "сортировка по сроку ↓" in bar_of(screen)
        await load_all(app, pilot, screen)
        every = assignments_by_id(url)
        dated = sorted((a for a in every if a.due_on), key=lambda a: (a.due_on, a.id),
                       reverse=True)
        undated = sorted((a.id for a in every if a.due_on is None), reverse=True)
        shown = list(screen.rows)
        assert len(shown) == len(every) == 208  # no duplicates, no gaps
        assert shown == [a.id for a in dated] + undated  # latest first, undated still last
        assert list(screen.table.rows) == [str(i) for i in shown]  # the table, in that order
        await pilot.press("O")
        await settle(app, pilot)
        assert "сортировка по сроку ↑" in bar_of(screen)
        assert list(screen.rows)[:7] == [a.id for a in reversed(dated)][:7]
        # Headings: "Ответственный" sorts by body; clicking it again reverses.
        await pilot.click("#assignments", offset=(50, 0))
        await settle(app, pilot)
        assert "сортировка по ответственному ↑" in bar_of(screen)
        await pilot.click("#assignments", offset=(50, 0))
        await settle(app, pilot)
        assert "сортировка по ответственному ↓" in bar_of(screen)
        await load_all(app, pilot, screen)
        far = date(9999, 12, 31)
        names = {r.id: r.body for r in screen.rows.values()}
        expected = sorted(every, key=lambda a: (names[a.id], a.due_on or far, a.id),
                          reverse=True)
        assert list(screen.rows) == [a.id for a in expected]
        await pilot.press("o")  # the next sort starts ascending again
        await settle(app, pilot)
        assert "сортировка по названию ↑" in bar_of(screen)


def test_overview_counts_come_from_the_tallies_not_a_pass_over_assignments(url: str) -> None:
    import sqlite3

    from roadmap_tui.read.overview import overview_by_body, overview_by_section
    from roadmap_tui.read.view import View

    data = View(Database(url), TODAY)
    seen: list[tuple[str, dict[str, Any]]] = []
    records = data.records

    def record(kind: Any, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        seen.append((sql, params or {}))
        return records(kind, sql, params)

    data.records = record  # type: ignore[method-assign]
    assert overview_by_body(data) and overview_by_section(data)
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    for sql, params in seen[:1] + seen[-1:]:  # per body, per document/section
        bound = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        plan = [r[3] for r in connection.execute(f"EXPLAIN QUERY PLAN {sql}", bound)]
        assert not any(step.startswith(("SCAN a", "SCAN assignment")) for step in plan), plan
        assert any(step.startswith("SCAN t") for step in plan), plan
    connection.close()


def test_keyset_pages_match_one_query_in_both_directions(url: str) -> None:
    from roadmap_tui.read.view import SORTS, Filters, View

    data = View(Database(url), TODAY)
    for sort in SORTS:
        for descending in (False, True):
            whole = [r.id for r in data.page(Filters(), sort, None, 1000, descending).rows]
            paged: list[int] = []
            cursor = None
            while True:
                page = data.page(Filters(), sort, cursor, 7, descending)
                paged.extend(r.id for r in page.rows)
                if page.cursor is None:
                    break
                cursor = page.cursor
            assert paged == whole and len(set(paged)) == 208, (sort, descending)
        rows = data.page(Filters(), sort, None, 1000).rows
        reverse = [r.id for r in data.page(Filters(), sort, None, 1000, True).rows]
        dated = [r.id for r in rows if r.due_on is not None or sort != "due"]
        undated = [r.id for r in rows if r.due_on is None and sort == "due"]
        assert reverse == dated[::-1] + undated[::-1], sort  # undated stay last by due


@pilot_test
async def test_filters_combine_are_shown_and_clear_with_one_key(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "5")
        assert screen.total == 23
        assert all(r.derived.value == "overdue" for r in rows_of(screen))
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"сош № 46")
        await pilot.pause()
        assert [c.label for c in app.screen.shown] == ["СОШ № 46"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.total == 1
        bar = str(screen.query_one("#filter-bar", Static).render())
        assert "СОШ № 46" in bar and "просроченные" in bar
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press(*"дата не", "enter")
        await settle(app, pilot)
        assert screen.total == 0  # overdue AND undated: nothing
        await pilot.press("x")
        await settle(app, pilot)
        assert screen.filters.active() == []
        assert screen.total == 208
        assert "Фильтры не заданы" in str(screen.query_one("#filter-bar", Static).render())


@pilot_test
async def test_document_section_and_week_filters(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "1")
        await pilot.press(*"57", "enter")
        await settle(app, pilot)
        assert screen.total == 68
        await pilot.press("x", "2")
        await settle(app, pilot)
        await pilot.press(*"организационные", "enter")
        await settle(app, pilot)
        assert screen.total == 5
        await pilot.press("x", "6")
        await settle(app, pilot)
        # week of 15.03.2023: Monday 13.03 .. Sunday 19.03 — nothing is due then
        assert screen.total == 0
        assert "на этой неделе" in str(screen.query_one("#filter-bar", Static).render())


@pilot_test
async def test_search_over_titles_any_case(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"ДИАГНОСТИКУ")
        await settle(app, pilot)
        assert screen.total == 67
        assert {r.number for r in rows_of(screen)} == {"2.1"}
        await pilot.press("escape")
        assert app.screen is screen and not isinstance(app.focused, Input)


@pilot_test
async def test_details_show_deadline_reading_dues_and_history(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(app, pilot)
        await go_to(app, pilot, "1.1")
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DetailsScreen)
        d = screen.details
        assert d is not None and d.deadline_raw == "до 01.10.2022"
        assert d.explain == "до 01.10.2022 включительно"
        assert d.derived.value == "done_late"
        assert [h.changed_by for h in d.history] == ["иванова"]
        assert d.history[0].when.strftime("%d.%m.%Y %H:%M") == "05.10.2022 11:30"  # Tomsk


@pilot_test
async def test_change_status_records_who_and_when(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await status_dialog_on(app, pilot)
        app.screen.query_one("#comment", Input).value = "совещание проведено"
        app.screen.query_one("#report-ref", Input).value = "протокол № 3"
        await pilot.click("#report")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
        first = assignments(url, "1.2")[0]
        assert first.status == "done" and first.completed_on == TODAY
        assert first.report_received and first.report_ref == "протокол № 3"
        entry = changes(url)[-1]
        assert (entry.changed_by, entry.comment) == ("петрова", "совещание проведено")
        assert entry.changed_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
        row = next(r for r in rows_of(screen) if r.id == first.id)
        assert row.status is Status.DONE  # the list re-read itself


@pilot_test
async def test_status_dialog_refuses_postponing_without_date(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        _, _, dialog = await status_dialog_on(app, pilot)
        dialog.query_one("#status", Select).value = "postponed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "новый срок" in str(dialog.query_one("#form-error", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, AssignmentsScreen)


@pilot_test
async def test_bulk_change_then_undo(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "5")
        await go_to(app, pilot, "2.1")
        await pilot.press("space", "space", "space")
        assert len(screen.marked) == 3
        await pilot.press("b")
        await settle(app, pilot)
        app.screen.query_one("#comment", Input).value = "сданы на совещании"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.errors == []
        done = [a for a in assignments(url, "2.1") if a.comment == "сданы на совещании"]
        assert len(done) == 3 and {a.status for a in done} == {"done"}
        batch = {c.batch for c in changes(url)[-3:]}
        assert len(batch) == 1 and None not in batch
        assert screen.total == 20 and screen.marked == {}
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        # Undo restores the whole before-image, the comment too (issue 10, item 3).
        back = [a for a in assignments(url, "2.1") if a.id in {d.id for d in done}]
        assert {a.status for a in back} == {"planned"} and {a.comment for a in back} == {None}
        assert screen.total == 23
        assert [c.undo_of for c in changes(url)[-3:]] == [c.id for c in changes(url)[-6:-3]]


@pilot_test
async def test_set_date_for_undated_item_with_reason(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "4")
        await pilot.press(*"дата не", "enter")
        await settle(app, pilot)
        assert screen.total == 2
        await go_to(app, pilot, "1.3")
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press(*"30.04.2023", "tab", *"решение рабочей группы", "enter")
        await settle(app, pilot)
        assert app.errors == []
        item = assignments(url, "1.3")[0]
        assert item.due_on == date(2023, 4, 30) and item.status == "planned"
        assert changes(url)[-1].comment == "решение рабочей группы"


@pilot_test
async def test_stale_edit_reopens_dialog_with_typed_change_on_fresh_row(url: str) -> None:
    app = app_for(url)
    other = app_for(url, "сидоров")  # a second coordinator: own store, same database file
    async with app.run_test(size=SIZE) as pilot:
        screen, target, typed = await status_dialog_on(app, pilot)
        typed.query_one("#comment", Input).value = "совещание проведено"
        typed.query_one("#report-ref", Input).value = "протокол № 3"
        await pilot.click("#report")
        # Meanwhile the other coordinator marks the same assignment.
        other.store.change_status(target.id, StatusUpdate(
            Status.IN_PROGRESS, comment="начали", expected_version=target.version))
        other.store.close()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, StatusDialog) and again is not typed
        assert app.errors == []  # no separate error box: the message is in the form
        error = str(again.query_one("#form-error", Static).render())
        assert "другой пользователь" in error and "«в работе»" in error
        kept = next(a for a in assignments(url, "1.2") if a.id == target.id)
        assert kept.status == "in_progress" and kept.comment == "начали"  # nothing lost
        assert again.version == kept.version == target.version + 1
        assert screen.rows[target.id].version == kept.version  # the list re-read it
        assert again.query_one("#status", Select).value == "done"
        assert again.query_one("#completed", Input).value == "15.03.2023"
        assert again.query_one("#comment", Input).value == "совещание проведено"
        assert again.query_one("#report-ref", Input).value == "протокол № 3"
        assert again.query_one("#report", Checkbox).value is True
        await pilot.press("ctrl+s")  # applied consciously, over the other change
        await settle(app, pilot)
        assert app.screen is screen and app.errors == []
        final = next(a for a in assignments(url, "1.2") if a.id == target.id)
        assert (final.status, final.comment, final.report_ref) == (
            "done", "совещание проведено", "протокол № 3")
        assert final.completed_on == TODAY and final.version == kept.version + 1
        assert [c.changed_by for c in changes(url)[-2:]] == ["сидоров", "петрова"]
        assert screen.rows[target.id].status is Status.DONE


@pilot_test
async def test_stale_date_edit_is_still_refused_with_an_error(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "4")
        await pilot.press(*"дата не", "enter")
        await settle(app, pilot)
        await go_to(app, pilot, "1.3")
        target = screen.current()
        assert target is not None
        engine = make_engine(url)
        with unit_of_work(engine) as s:
            change_status(lean(s), target.id, StatusUpdate(Status.IN_PROGRESS, comment="начали"),
                          by="сидоров", today=TODAY, now=NOW)
        engine.dispose()
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press(*"30.04.2023", "tab", *"решение рабочей группы", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "другой пользователь" in app.errors[-1]


@pilot_test
async def test_rollup_and_matrix_show_which_schools_lag(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot, "g")
        diag = next(r for r in screen.rollup_rows if r.number == "2.1")
        assert (diag.done, diag.total, diag.overdue) == (45, 67, 22)
        await pilot.press("g")
        await settle(app, pilot)
        await go_to(app, pilot, "2.1")
        await pilot.press("m")
        await settle(app, pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen) and matrix.matrix is not None
        assert len(matrix.matrix.schools) == 67
        assert [n for _, n, _ in matrix.matrix.items] == ["2.1", "2.2"]
        laggard = matrix.matrix.schools[0]
        assert matrix.matrix.lagging[laggard[0]] == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        assert app.screen.filters.body is not None
        assert app.screen.filters.body.label == laggard[1]


@pilot_test
async def test_import_review_previews_and_saves(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        # Every item is listed, the one needing attention first, with its stored warning.
        assert len(review.items) > 1 and review.items[0].number == "2.4"
        assert [i.number for i in review.items if i.flagged] == ["2.4"]
        await pilot.press("enter")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one("#phrase", Input).value = "до 01.04.2023"
        dialog.query_one("#codes", Input).value = "dep:edu"
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert dialog.preview is not None
        assert [d for _, d in dialog.preview.dues] == [date(2023, 4, 1)]
        assert "01.04.2023" in str(dialog.query_one("#preview", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.errors == []
        assert [i for i in review.items if i.flagged] == []
        made = assignments(url, "2.4")
        assert [(a.due_on, a.status) for a in made] == [(date(2023, 4, 1), "planned")]


@pilot_test
async def test_help_and_command_palette(url: str) -> None:
    app = app_for(url)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Массовое")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StatusDialog)  # the bulk dialog
        assert "у 1 назначения" in app.screen.heading
