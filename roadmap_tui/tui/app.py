"""The application: wiring, worker errors in one place, undo, data-changed refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from roadmap_tui.dates import fmt
from roadmap_tui.errors import RoadmapError, StaleVersion
from roadmap_tui.settings import TIMEZONE, Settings
from roadmap_tui.tui.commands import RoadmapCommands
from roadmap_tui.tui.data import Data
from roadmap_tui.tui.writes import Store


class RoadmapApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Дорожные карты"
    COMMANDS = App.COMMANDS | {RoadmapCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Справка"),
        Binding("ctrl+z", "undo", "Отменить изменение"),
        Binding("f3", "review", "Разбор импорта"),
        Binding("ctrl+q", "quit", "Выход", priority=True),
    ]

    def __init__(self, settings: Settings, data: Data, store: Store) -> None:
        super().__init__()
        self.settings, self.data, self.store = settings, data, store
        self.sub_title = f"на {fmt(settings.today)} · {settings.user}"
        self.errors: list[str] = []  # shown messages, newest last (tests read it)

    def on_mount(self) -> None:
        from roadmap_tui.tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen())

    def on_unmount(self) -> None:
        self.store.close()

    # -- one place for worker failures ----------------------------------------------------
    @on(Worker.StateChanged)
    def _own_worker_state(self, event: Worker.StateChanged) -> None:
        self.worker_state(event)

    def worker_state(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, RoadmapError):
            message = str(error)
        else:
            message = f"Внутренняя ошибка: {type(error).__name__}: {error}"
        if isinstance(error, StaleVersion):
            message += "\n\nДанные перечитаны из базы: проверьте строку и повторите изменение."
            self.data_changed()
        self.show_error(message)

    def show_error(self, message: str) -> None:
        from roadmap_tui.tui.dialogs.error import ErrorDialog

        self.errors.append(message)
        self.push_screen(ErrorDialog(message))

    def data_changed(self) -> None:
        """Something was written: every open screen re-reads its data."""
        from roadmap_tui.tui.screens.base import BaseScreen

        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                screen.reload()

    # -- app-wide actions -------------------------------------------------------------------
    def action_help(self) -> None:
        from roadmap_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_review(self) -> None:
        from roadmap_tui.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_undo(self) -> None:
        self._undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _undo(self) -> None:
        count = self.store.undo()
        self.call_from_thread(self._undone, count)

    def _undone(self, count: int) -> None:
        self.notify(f"Отменено изменений: {count}", title="Отмена")
        self.data_changed()


def make_app(settings: Settings, clock: Callable[[], datetime] | None = None) -> RoadmapApp:
    """The app over `settings.db_url` as of `settings.today`; `clock` stamps changes."""
    now = clock or (lambda: datetime.now(TIMEZONE))
    data = Data(settings.db_url, settings.today)
    store = Store(settings.db_url, settings.today, settings.user, now)
    return RoadmapApp(settings, data, store)
