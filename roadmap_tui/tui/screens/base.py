"""Base classes: every screen and dialog forwards worker failures to the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from roadmap_tui.errors import StaleVersion

if TYPE_CHECKING:
    from roadmap_tui.tui.app import RoadmapApp

T = TypeVar("T")


class BaseScreen(Screen[None]):
    """A full screen; `reload()` re-reads its data (after a change or a conflict)."""

    @property
    def roadmap(self) -> RoadmapApp:
        return self.app  # type: ignore[return-value]

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        self.roadmap.worker_state(event)

    def reload(self) -> None:
        """Read the screen's data again (overridden by screens that show data)."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def write(self, call: Callable[[], object], message: str,
              on_stale: Callable[[StaleVersion], Callable[[], object]] | None = None) -> None:
        """Run one write off the UI thread; on success tell the coordinator and refresh.

        `on_stale` takes over a refused stale edit: it runs here, in the worker (so it
        may read the database), and returns what to do next on the UI thread.
        """
        try:
            call()
        except StaleVersion as error:
            if on_stale is None:
                raise
            self.app.call_from_thread(on_stale(error))
            return
        self.app.call_from_thread(self._written, message)

    def _written(self, message: str) -> None:
        self.app.notify(message, title="Сохранено")
        self.roadmap.data_changed()


class BaseModal(ModalScreen[T]):
    """A dialog; Escape cancels it (result None)."""

    BINDINGS = [("escape", "cancel", "Отмена")]

    @property
    def roadmap(self) -> RoadmapApp:
        return self.app  # type: ignore[return-value]

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        self.roadmap.worker_state(event)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def reload(self) -> None:
        """Dialogs keep what the coordinator typed."""

