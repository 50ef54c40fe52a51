"""What every form dialog shares: Save/Cancel buttons, Enter and Ctrl+S to save,
Escape to cancel, and the form's error shown inline instead of closing."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from roadmap_tui.errors import BadInput
from roadmap_tui.tui.screens.base import BaseModal

T = TypeVar("T")


class FormDialog(BaseModal[T]):
    """Subclasses compose their fields (with a `#form-error` Static) and implement `result()`."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Отмена"), Binding("ctrl+s", "save", "Сохранить")]

    @staticmethod
    def buttons() -> Horizontal:
        return Horizontal(Button("Сохранить", variant="primary", id="save"),
                          Button("Отмена", id="cancel"), classes="buttons")

    def result(self) -> T:
        """The typed value the dialog returns; raise BadInput (Russian) to refuse it."""
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            value = self.result()
        except BadInput as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(value)
