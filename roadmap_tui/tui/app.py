"""The application: wiring, worker errors in one place, the write queue, undo, refresh.

Screens and dialogs see it through the protocols of `tui.host` and never import
it; it opens the screens, so that no screen imports another.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState, get_current_worker

from roadmap_tui.dates import days_ru, fmt
from roadmap_tui.errors import BadInput, StaleVersion
from roadmap_tui.model.connection import Database
from roadmap_tui.read.view import Filters, View
from roadmap_tui.settings import Settings, sqlite_path, utcnow
from roadmap_tui.tui.commands import RoadmapCommands, RussianPalette
from roadmap_tui.tui.failures import describe_failure
from roadmap_tui.tui.host import FollowUp, Host
from roadmap_tui.tui.write_order import WriteOrder
from roadmap_tui.tui.writes import Store

READ_ONLY_NOTICE = ("База данных открыта только для чтения: смотреть можно всё, "
                    "изменения не сохраняются.")
STALE_NOTE = "\n\nДанные перечитаны из базы: проверьте строку и повторите изменение."
READ_ONLY_REFUSAL = ("Изменение не сохранено: база данных открыта только для чтения "
                     "(нет права записи в файл). Чтобы вносить изменения, попросите "
                     "администратора открыть файл базы на запись и перезапустите программу.")


class RoadmapApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Дорожные карты"
    # Only our own, Russian commands: Textual's system commands are in English.
    COMMANDS = {RoadmapCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Справка"),
        Binding("ctrl+z", "undo", "Отменить изменение"),
        Binding("f3", "review", "Разбор импорта"),
        Binding("ctrl+q", "quit", "Выход", priority=True),
        # Declared here so the footer names it in Russian (Textual's own says "palette").
        Binding("ctrl+p", "command_palette", "Команды", show=False, priority=True,
                tooltip="Все действия по названию"),
    ]

    def __init__(self, settings: Settings, data: View, store: Store,
                 read_only: bool = False) -> None:
        super().__init__()
        self.settings, self.data, self.store = settings, data, store
        self.read_only = read_only
        self.sub_title = f"на {fmt(settings.today)} · {settings.user}" + (
            " · только чтение" if read_only else "")
        self.errors: list[str] = []  # shown messages, newest last (tests read it)
        self.exported: list[Path] = []  # spreadsheets written by the one-key export, newest last
        self.writes = WriteOrder()
        self._quit_question: object = None  # the «Выйти без сохранения?» dialog while it is open

    def on_mount(self) -> None:
        from roadmap_tui.tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen())
        if self.read_only:
            self.notify(READ_ONLY_NOTICE, title="Только чтение", severity="warning",
                        timeout=30, markup=False)

    def on_unmount(self) -> None:
        self.store.close()
        self.data.database.close()

    # -- one place for worker failures ----------------------------------------------------
    @on(Worker.StateChanged)
    def _own_worker_state(self, event: Worker.StateChanged) -> None:
        self.worker_state(event)

    def worker_state(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        self.show_error(describe_failure(event.worker.error))

    def show_error(self, message: str) -> None:
        """Show `message` as plain text in a dialog; the app keeps running."""
        from roadmap_tui.tui.dialogs.error import ErrorDialog

        self.errors.append(message)
        self.push_screen(ErrorDialog(message))

    def data_changed(self) -> None:
        """Something was written: every open screen re-reads its data."""
        from roadmap_tui.tui.screens.base import BaseScreen

        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                screen.reload()

    # -- writes: one at a time, in order, every failure shown -------------------------------
    def refuse_if_read_only(self) -> bool:
        """True (after telling the coordinator why) when nothing can be written."""
        if self.read_only:
            self.show_error(READ_ONLY_REFUSAL)
        return self.read_only

    def write(self, call: Callable[[], Any], message: str | Callable[[Any], str],
              on_stale: Callable[[StaleVersion], FollowUp] | None = None,
              on_refused: Callable[[BadInput], FollowUp] | None = None) -> None:
        """Queue `call` (a store write) behind the writes asked for before it.

        On success the coordinator is told `message` (or `message(result)`) and every
        screen re-reads. A stale edit (someone changed the row meanwhile) makes every
        screen re-read too, then `on_stale` takes over if given, else the error dialog
        says so (`_stale`, the one place for it). A change the core refuses as bad input
        (a completion date still to come…) goes to `on_refused` if given. Both run in the
        worker (so they may read the database) and return what to do next on the UI
        thread. Any other failure goes to the error dialog like any worker's.
        """
        if self.refuse_if_read_only():
            return
        self._write(self.writes.take(), call, message, on_stale, on_refused)

    # Not exclusive: a later write must not cancel an earlier one (its error would be lost).
    @work(thread=True, exit_on_error=False, group="write")
    def _write(self, ticket: int, call: Callable[[], Any], message: str | Callable[[Any], str],
               on_stale: Callable[[StaleVersion], FollowUp] | None,
               on_refused: Callable[[BadInput], FollowUp] | None) -> None:
        worker = get_current_worker()
        with self.writes.turn(ticket, lambda: worker.is_cancelled) as ready:
            if not ready:
                return
            try:
                result = call()
            except StaleVersion as error:
                self.call_from_thread(self._stale, error,
                                      None if on_stale is None else on_stale(error))
                return
            except BadInput as error:
                if on_refused is None:
                    raise
                self.call_from_thread(on_refused(error))
                return
        text = message(result) if callable(message) else message
        self.call_from_thread(self._written, text)

    def _stale(self, error: StaleVersion, follow_up: FollowUp | None) -> None:
        """Someone else changed the row first: re-read everything, then tell or take over."""
        self.data_changed()
        if follow_up is not None:
            follow_up()
        else:
            self.show_error(describe_failure(error) + STALE_NOTE)

    def _written(self, message: str) -> None:
        self.notify(message, title="Сохранено", markup=False)
        self.data_changed()

    def export_written(self, path: Path) -> None:
        """Tell the coordinator where the one-key export went."""
        self.exported.append(path)
        self.notify(f"Таблица сохранена: {path}", title="Выгрузка в Excel", markup=False,
                    timeout=15)

    # -- screens: opened here, so that no screen imports another ----------------------------
    # Imported when first opened: the UI's launch loads only the overview.
    def open_assignments(self, filters: Filters) -> None:
        from roadmap_tui.tui.screens.assignments import AssignmentsScreen

        self.push_screen(AssignmentsScreen(filters))

    def open_details(self, assignment_id: int) -> None:
        from roadmap_tui.tui.screens.details import DetailsScreen

        self.push_screen(DetailsScreen(assignment_id))

    def open_matrix(self, item_id: int) -> None:
        from roadmap_tui.tui.screens.matrix import MatrixScreen

        self.push_screen(MatrixScreen(item_id))

    # -- app-wide actions -------------------------------------------------------------------
    def action_help(self) -> None:
        from roadmap_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[BindingType]]]:
        """Every screen's bindings, under the name the help gives the screen."""
        from roadmap_tui.tui.screens.assignments import AssignmentsScreen
        from roadmap_tui.tui.screens.details import DetailsScreen
        from roadmap_tui.tui.screens.matrix import MatrixScreen
        from roadmap_tui.tui.screens.overview import OverviewScreen
        from roadmap_tui.tui.screens.review import ReviewScreen

        return [("Везде", self.BINDINGS), ("Сводка", OverviewScreen.BINDINGS),
                ("Список назначений", AssignmentsScreen.BINDINGS),
                ("Подробности", DetailsScreen.BINDINGS), ("Матрица", MatrixScreen.BINDINGS),
                ("Разбор импорта", ReviewScreen.BINDINGS)]

    def action_review(self) -> None:
        from roadmap_tui.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_undo(self) -> None:
        self.write(self.store.undo, lambda count: f"Отменено изменений: {count}")

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, RussianPalette):
            self.push_screen(RussianPalette())

    async def action_quit(self) -> None:
        """Quit; if a dialog holds typed, unsaved input, ask first (Ctrl+Q twice quits)."""
        from roadmap_tui.tui.dialogs.base import BaseModal
        from roadmap_tui.tui.dialogs.confirm import ConfirmDialog

        if self.screen is self._quit_question:  # Ctrl+Q on «Выйти без сохранения?»
            self.exit()
            return
        typed = any(isinstance(s, BaseModal) and s.has_typed() for s in self.screen_stack)
        if not typed:
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        # Only this question quits on a second Ctrl+Q: over another confirmation (a deadline
        # moved into the past) the form beneath still holds what was typed.
        self._quit_question = ConfirmDialog("Выйти без сохранения?",
                                            "В открытой форме есть несохранённые изменения.",
                                            yes="Выйти", no="Вернуться к форме")
        self.push_screen(self._quit_question, answered)


# mypy proves here that the app is all that screens expect of it (they type it as Host).
_APP_IS_A_HOST: type[Host] = RoadmapApp


def read_only_file(url: str) -> bool:
    """True for an SQLite file this process may not (or is not meant to) write.

    The mode bits count even for root, who could write anyway: a file made
    read-only (chmod 0444) is opened read-only.
    """
    path = sqlite_path(url)
    if path is None or not path.exists():
        return False
    return not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)


def make_app(settings: Settings, clock: Callable[[], datetime] | None = None) -> RoadmapApp:
    """The app over `settings.db_url` as of `settings.today`; `clock` stamps changes.

    Changes are stamped in UTC whatever zone `clock` answers in (the CLI stores UTC
    too); screens show them in Asia/Tomsk.
    """
    tick = clock or utcnow

    def now() -> datetime:
        return tick().astimezone(UTC)

    # The Russian plural rules (CLDR, through babel) are read while the app starts: the
    # first list formats «N дней» with them, and reading them then held it up by 100 ms.
    threading.Thread(target=days_ru, args=(0,), name="plural-rules", daemon=True).start()
    read_only = read_only_file(settings.db_url)
    # One database for the app's lifetime: every read and write borrows its connections.
    database = Database(settings.db_url, read_only=read_only)
    data = View(database, settings.today)
    store = Store(database, settings.today, settings.user, now)
    return RoadmapApp(settings, data, store, read_only=read_only)
