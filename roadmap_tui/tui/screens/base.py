"""The base of every full screen: worker failures go to the app, writes go through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from roadmap_tui.errors import BadInput, StaleVersion
    from roadmap_tui.tui.host import FollowUp, Host


class BaseScreen(Screen[None]):
    """A full screen; `reload()` re-reads its data (after a change or a conflict)."""

    @property
    def roadmap(self) -> Host:
        """The app, as the protocol screens may use (see `tui.host`)."""
        return cast("Host", self.app)

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        self.roadmap.worker_state(event)

    def reload(self) -> None:
        """Read the screen's data again (overridden by screens that show data)."""

    def write(self, call: Callable[[], Any], message: str | Callable[[Any], str],
              on_stale: Callable[[StaleVersion], FollowUp] | None = None,
              on_refused: Callable[[BadInput], FollowUp] | None = None) -> None:
        """Queue one write; the app runs writes one at a time, in order (see `RoadmapApp.write`)."""
        self.roadmap.write(call, message, on_stale, on_refused)
