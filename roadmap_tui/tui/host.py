"""What screens and dialogs need from the app, as protocols (a leaf module).

Screens and dialogs type `self.app` with these instead of importing the app
class: the app imports every screen, so a screen importing the app (even under
TYPE_CHECKING) closes an import loop. `tests/test_tui_structure.py` keeps the
UI's import graph free of loops; `make_app` has mypy prove the app fits `Host`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.worker import Worker

    from roadmap_tui.errors import BadInput, StaleVersion
    from roadmap_tui.read.view import Filters, View
    from roadmap_tui.settings import Settings
    from roadmap_tui.tui.writes import Store

#: What to do on the UI thread after a write worker met a stale edit or a refusal.
FollowUp = Callable[[], object]


class ShowsFailures(Protocol):
    """All a dialog needs: somewhere to send its workers' failures."""

    def worker_state(self, event: Worker.StateChanged) -> None:
        """Show a failed worker's error (the one place failures are shown)."""


class Host(ShowsFailures, Protocol):
    """All a screen needs from the app: data, writes, messages and navigation."""

    settings: Settings
    data: View
    store: Store

    def write(self, call: Callable[[], Any], message: str | Callable[[Any], str],
              on_stale: Callable[[StaleVersion], FollowUp] | None = None,
              on_refused: Callable[[BadInput], FollowUp] | None = None) -> None:
        """Queue one store call behind earlier ones (see `RoadmapApp.write`)."""

    def refuse_if_read_only(self) -> bool:
        """True (after saying why) when nothing can be written."""

    def show_error(self, message: str) -> None:
        """Show `message` as plain text in the error dialog."""

    def data_changed(self) -> None:
        """Every open screen re-reads its data."""

    def export_written(self, path: Path) -> None:
        """Tell the coordinator where an export went."""

    # Screens open one another through the app, so that no screen imports another.
    def open_assignments(self, filters: Filters) -> None:
        """Open the assignments list with `filters`."""

    def open_details(self, assignment_id: int) -> None:
        """Open everything about one assignment."""

    def open_matrix(self, item_id: int) -> None:
        """Open the schools × items matrix of an item's section."""
