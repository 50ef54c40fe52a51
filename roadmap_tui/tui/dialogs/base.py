"""The base of every dialog: a typed ModalScreen that returns its result by dismiss().

Dialogs import nothing from `tui.screens` or the app and never touch the store:
the screen that opened one receives the value in its callback and asks the app
to write it. What a dialog may ask of the app is `tui.host.ShowsFailures`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import on
from textual.screen import ModalScreen
from textual.worker import Worker

if TYPE_CHECKING:
    from roadmap_tui.tui.host import ShowsFailures

T = TypeVar("T")


class BaseModal(ModalScreen[T]):
    """A dialog; Escape cancels it (result None)."""

    BINDINGS = [("escape", "cancel", "Отмена")]

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        cast("ShowsFailures", self.app).worker_state(event)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def reload(self) -> None:
        """Dialogs keep what the coordinator typed."""

    def has_typed(self) -> bool:
        """True when closing would lose what the coordinator typed (asked before quitting)."""
        return False
