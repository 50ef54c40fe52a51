"""Pilot tests for the UI's faults and first-use rough edges (issue 10: 12, 15, 7, 17).

Real SQLite files, the real app through run_test(); each test failed before its fix.
"""

from __future__ import annotations

import io
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from test_tui_flows import app_for, assignments, go_to, open_list, pilot_test, settle, status_dialog_on
from test_tui_support import TODAY, build_database
from textual import events
from textual.command import CommandList
from textual.widgets import DataTable, Footer, Input, Label, Static

from roadmap_tui.errors import BadInput
from roadmap_tui.model.statuses import Status
from roadmap_tui.read.view import PAGE_SIZE
from roadmap_tui.settings import DEFAULT_DB_PATH, TIMEZONE, Settings, database_url
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui import check_database
from roadmap_tui.tui.app import RoadmapApp, make_app
from roadmap_tui.tui.commands import RussianPalette
from roadmap_tui.tui.dialogs.confirm import ConfirmDialog
from roadmap_tui.tui.dialogs.error import ErrorDialog
from roadmap_tui.tui.dialogs.pickers import PickerDialog
from roadmap_tui.tui.dialogs.status import StatusDialog
from roadmap_tui.tui.failures import describe_failure
from roadmap_tui.tui.screens.assignments import AssignmentsScreen
from roadmap_tui.tui.screens.details import DetailsScreen
from roadmap_tui.tui.screens.matrix import MatrixScreen
from roadmap_tui.tui.screens.overview import OverviewScreen

SIZE = (120, 40)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    build_database(tmp_path / "roadmap.db")
    return tmp_path / "roadmap.db"


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def error_text(app: RoadmapApp) -> str:
    screen = app.screen
    assert isinstance(screen, ErrorDialog), screen
    return str(screen.query_one("#error-message", Static).render())


# -- 10.12: database errors are shown as plain Russian text; read-only files -------------------
@pilot_test
async def test_database_error_is_shown_as_plain_text_and_the_app_keeps_running(
        path: Path) -> None:
    # A real database refusal: SQLAlchemy's message carries "[SQL: … WHERE assignment.id = ?
    # …]", which Textual read as markup (MarkupError: the app died).
    with sqlite3.connect(path) as db:
        db.execute("CREATE TRIGGER refuse BEFORE UPDATE ON assignment "
                   "BEGIN SELECT RAISE(ABORT, 'запись запрещена [политика]'); END")
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await status_dialog_on(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        shown = error_text(app)
        assert shown.startswith("Ошибка базы данных") and "не сохранены" in shown
        assert "Ответ базы данных: запись запрещена [политика]" in shown
        assert "Внутренняя ошибка" not in shown and "[SQL:" not in shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen  # still running: the list answers keys
        await pilot.press("5")
        await settle(app, pilot)
        assert screen.total == 23
    assert app.return_code in (None, 0)


def test_a_read_only_refusal_is_named_in_russian(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as refused:
        connection.execute("UPDATE assignment SET status = 'done' WHERE id = 1")
    connection.close()
    message = describe_failure(refused.value)
    assert message.startswith("База данных открыта только для чтения")
    assert "attempt to write a readonly database" in message  # for the administrator


@pilot_test
async def test_a_read_only_file_opens_read_only_and_refuses_changes_in_russian(
        path: Path) -> None:
    before = path.read_bytes()
    os.chmod(path, 0o444)
    try:
        app = app_for(url_of(path))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_list(app, pilot)
            assert app.read_only and "только чтение" in app.sub_title
            notices = [n.message for n in app._notifications]
            assert any("только для чтения" in n for n in notices), notices
            await go_to(app, pilot, "1.2")
            await pilot.press("s")
            await settle(app, pilot)
            assert "только для чтения" in error_text(app)
            await pilot.press("enter", "ctrl+z")
            await settle(app, pilot)
            assert "только для чтения" in error_text(app)
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.screen is screen and len(screen.rows) == PAGE_SIZE  # reading still works
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == before


# -- 10.15: a second write no longer cancels the first ------------------------------------------
def status_of(url: str, number: str, assignment_id: int) -> str:
    return {a.id: a.status for a in assignments(url, number)}[assignment_id]


@pilot_test
async def test_two_quick_writes_run_in_order_and_the_first_ones_error_is_shown(
        path: Path) -> None:
    url = url_of(path)
    app = app_for(url)
    other = app_for(url, "сидоров")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(app, pilot)
        await go_to(app, pilot, "1.2")
        first = screen.current()
        assert first is not None
        # Another coordinator changes that row: the first write below will be stale.
        other.store.change_status(first.id, StatusUpdate(Status.IN_PROGRESS, comment="начали"))
        other.store.close()
        # Someone holds the write lock, so both writes are still pending when the second
        # is asked for (before, the second's exclusive worker cancelled the first).
        lock = sqlite3.connect(path, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("d", *"30.04.2023", "tab", *"решение рабочей группы", "enter")
            await pilot.pause()
            await go_to(app, pilot, "2.1")
            second = screen.current()
            assert second is not None
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, StatusDialog)
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        for _ in range(200):  # settle() would re-raise the failing worker's error: wait here
            if app.errors and status_of(url, "2.1", second.id) == "done":
                break
            await pilot.pause(0.05)
        await pilot.pause()
        await settle(app, pilot)
        assert len(app.errors) == 1 and "другой пользователь" in app.errors[0]
        assert isinstance(app.screen, ErrorDialog)
    done = {a.id: a for a in assignments(url, "2.1")}[second.id]
    assert done.status == "done" and done.completed_on == TODAY
    kept = {a.id: a for a in assignments(url, "1.2")}[first.id]
    assert kept.status == "in_progress" and kept.due_on == first.due_on


# -- 10.7: edits stamped in UTC, shown in Tomsk -------------------------------------------------
def changed_at(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("SELECT changed_at FROM status_change ORDER BY id DESC").fetchone()[0])


async def mark_done(app: RoadmapApp, pilot, number: str) -> None:  # type: ignore[no-untyped-def]
    await open_list(app, pilot)
    await go_to(app, pilot, number)
    await pilot.press("s")
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert app.errors == []


@pilot_test
async def test_ui_edits_are_stored_in_utc_and_shown_in_tomsk(path: Path) -> None:
    tomsk_ten = datetime(2023, 3, 15, 10, 0, tzinfo=TIMEZONE)  # a clock answering in Tomsk
    app = make_app(Settings(url_of(path), TODAY, "петрова"), clock=lambda: tomsk_ten)
    async with app.run_test(size=SIZE) as pilot:
        await mark_done(app, pilot, "1.2")
        assert changed_at(path).startswith("2023-03-15 03:00:00")  # UTC, as the CLI stores
        await pilot.press("enter")
        await settle(app, pilot)
        details = app.screen
        assert isinstance(details, DetailsScreen) and details.details is not None
        assert details.details.history[-1].when.strftime("%d.%m.%Y %H:%M") == "15.03.2023 10:00"


@pilot_test
async def test_the_default_clock_stamps_utc(path: Path) -> None:
    app = make_app(Settings(url_of(path), TODAY, "петрова"))
    async with app.run_test(size=SIZE) as pilot:
        await mark_done(app, pilot, "1.2")
    stored = datetime.fromisoformat(changed_at(path)).replace(tzinfo=UTC)
    assert abs((stored - datetime.now(UTC)).total_seconds()) < 300


# -- 10.17: the coordinator's screen --------------------------------------------------------------
@pilot_test
async def test_status_dialog_scrolls_at_80x24_to_the_due_date_and_buttons(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=(80, 24)) as pilot:
        _, _, dialog = await status_dialog_on(app, pilot)
        seen: set[str] = set()
        for _ in range(12):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and focused.id
            seen.add(focused.id)
            region = focused.region
            assert region.height and 0 <= region.y and region.bottom <= 24, focused
            hit = dialog.get_widget_at(*region.center)[0]  # not covered, not cut off
            assert hit is focused or focused in hit.ancestors, (hit, focused)
            if focused.id == "due":  # its label sits right above it
                label = next(w for w in dialog.query(Label) if "Новый срок" in str(w.render()))
                assert 0 <= label.region.y < 24 and label.region.height == 1
        assert {"due", "comment", "save", "cancel"} <= seen


@pilot_test
async def test_keys_typed_while_the_list_opens_do_not_land_in_the_search_box(
        path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        overview.action_all()  # what `a` does; the keys below arrive before it has mounted
        for key in "сош":
            app.post_message(events.Key(key, key))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AssignmentsScreen)
        assert screen.query_one("#search", Input).value == ""
        assert screen.filters.text == "" and screen.total == 208
        assert app.focused is screen.table


@pilot_test
async def test_ctrl_q_with_a_half_typed_dialog_asks_first(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await status_dialog_on(app, pilot)
        await pilot.press("ctrl+q")  # nothing typed yet: the dialog is as it opened
        await pilot.pause()
        assert app.return_code == 0
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await open_list(app, pilot)
        await go_to(app, pilot, "1.2")
        await pilot.press("s")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one("#comment", Input).value = "совещание про"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        await pilot.press("escape")  # "no": back to the form, nothing lost
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#comment", Input).value == "совещание про"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.return_code == 0


@pilot_test
async def test_quit_without_typing_needs_no_confirmation(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await open_list(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


@pilot_test
async def test_tab_on_the_overview_switches_tables(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "by-body"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "by-section"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "by-body"


@pilot_test
async def test_overview_columns_add_up_to_the_total(path: Path) -> None:
    with sqlite3.connect(path) as db:  # one cancelled assignment must be counted somewhere
        db.execute("UPDATE assignment SET status = 'cancelled' WHERE id = "
                   "(SELECT MIN(id) FROM assignment WHERE status = 'planned')")
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        for counts in overview.by_body + overview.by_section:
            assert sum(counts.values.values()) == counts.total, counts
        assert overview.by_section[0].values["open"] == 2  # 1.2's later quarters
        headings = [str(c.label) for c in overview.query_one("#by-body", DataTable)
                    .columns.values()]
        assert "В плане" in headings and "Отменено" in headings and headings[-1] == "Всего"


def school_numbers(names: list[str]) -> list[int]:
    return [int(n.rsplit(" ", 1)[1]) for n in names if n.startswith("СОШ № ")]


@pilot_test
async def test_schools_sort_by_number(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        ties: dict[tuple[int, int], list[str]] = {}
        for c in overview.by_body:
            ties.setdefault((c.values["overdue"], c.values["due_soon"]), []).append(c.label)
        assert max(len(school_numbers(names)) for names in ties.values()) > 20
        for names in ties.values():
            assert school_numbers(names) == sorted(school_numbers(names)), names
        await open_list(app, pilot, "3")
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        numbers = school_numbers([c.label for c in picker.choices])
        assert numbers == list(range(1, 68))
        await pilot.press("escape")
        await go_to(app, pilot, "2.1")
        await pilot.press("m")
        await settle(app, pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen) and matrix.matrix is not None
        late = [n for b, n in matrix.matrix.schools if matrix.matrix.lagging.get(b)]
        others = [n for b, n in matrix.matrix.schools if not matrix.matrix.lagging.get(b)]
        assert school_numbers(late) == sorted(school_numbers(late))
        assert school_numbers(others) == sorted(school_numbers(others))


@pilot_test
async def test_no_english_left_in_the_palette_footer_and_schedule_kinds(path: Path) -> None:
    app = app_for(url_of(path))
    async with app.run_test(size=SIZE) as pilot:
        await open_list(app, pilot)
        footer = app.screen.query_one(Footer)
        keys = [str(k.description) for k in footer.query("FooterKey")]
        assert "Команды" in keys and "palette" not in keys, keys
        icon = app.screen.query_one("HeaderIcon")
        assert icon.tooltip == "Палитра команд (Ctrl+P)"
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, RussianPalette)
        assert palette.query_one(Input).placeholder == "Поиск команды…"
        await pilot.press(*"zzzz")
        await pilot.pause(1.0)
        options = palette.query_one(CommandList)
        shown = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert shown and all("No matches" not in s for s in shown)
        assert any("Ничего не найдено" in s for s in shown), shown
        await pilot.press("escape")
        await pilot.pause()
        await go_to(app, pilot, "1.2")
        await pilot.press("enter")
        await settle(app, pilot)
        details = app.screen
        assert isinstance(details, DetailsScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(details.query_one("#deadline", Static).content)
        text = console.export_text()
        assert "периодический" in text and "recurring" not in text


def test_a_mistyped_db_path_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    typo = tmp_path / "roadmap_typo.db"
    with pytest.raises(BadInput, match="Файл базы данных не найден"):
        check_database(Settings(database_url(str(typo)), TODAY, "петрова"))
    assert not typo.exists()
    check_database(Settings(database_url(str(DEFAULT_DB_PATH)), TODAY, "петрова"))  # first use
    existing = tmp_path / "roadmap.db"
    build_database(existing)
    check_database(Settings(database_url(str(existing)), TODAY, "петрова"))


def test_write_order_serves_tickets_in_order_and_skips_abandoned_ones() -> None:
    import threading
    import time

    from roadmap_tui.tui.write_order import WriteOrder

    order = WriteOrder()
    tickets = [order.take() for _ in range(5)]
    done: list[int] = []

    def write(ticket: int, cancelled: bool = False) -> None:
        with order.turn(ticket, lambda: cancelled) as ready:
            if ready:
                time.sleep(0.01)
                done.append(ticket)

    threads = [threading.Thread(target=write, args=(t, t == 2)) for t in reversed(tickets)]
    for thread in threads:  # started last-first: the tickets still decide the order
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert done == [0, 1, 3, 4]  # 2 was cancelled while waiting and held nobody up
    assert order.pending == 0
