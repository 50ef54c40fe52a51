"""The base of every full screen: worker failures go to the app, writes go through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import Screen
from textual.worker import Worker

from roadmap_tui.errors import BadInput, StaleVersion

if TYPE_CHECKING:
    from roadmap_tui.tui.app import RoadmapApp


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

    def write(self, call: Callable[[], Any], message: str | Callable[[Any], str],
              on_stale: Callable[[StaleVersion], Callable[[], object]] | None = None,
              on_refused: Callable[[BadInput], Callable[[], object]] | None = None) -> None:
        """Queue one write; the app runs writes one at a time, in order (see `RoadmapApp.write`)."""
        self.roadmap.write(call, message, on_stale, on_refused)
