"""What every form dialog shares: Save/Cancel buttons, Enter and Ctrl+S to save,
Escape to cancel, and the form's error shown inline instead of closing."""

from __future__ import annotations

from typing import TypeVar

from textual import events, on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Select, Static

from roadmap_tui.errors import BadInput
from roadmap_tui.tui.dialogs.base import BaseModal

T = TypeVar("T")


class FormScroll(VerticalScroll, can_focus=False):
    """A form's body: scrolls when the terminal is short (80×24); Tab goes to the fields,
    and the field that gets focus is scrolled into view."""


class FormDialog(BaseModal[T]):
    """Subclasses compose their fields (with a `#form-error` Static) and implement `result()`."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Отмена"), Binding("ctrl+s", "save", "Сохранить")]
    #: Set by a subclass opened with text typed before (a draft): closing it loses that too.
    prefilled = False

    @staticmethod
    def buttons() -> Horizontal:
        return Horizontal(Button("Сохранить", variant="primary", id="save"),
                          Button("Отмена", id="cancel"), classes="buttons")

    def result(self) -> T:
        """The typed value the dialog returns; raise BadInput (Russian) to refuse it."""
        raise NotImplementedError

    def confirmation(self, value: T) -> tuple[str, str] | None:
        """(question, detail) to ask before returning `value`, or None to return it at once."""
        return None

    def _fields(self) -> list[object]:
        return [w.value for w in self.query("Input, Select, Checkbox")
                if isinstance(w, Input | Select | Checkbox)]

    @on(events.Mount)
    def _remember_fields(self) -> None:
        self._initial = self._fields()

    def has_typed(self) -> bool:
        return self.prefilled or self._fields() != getattr(self, "_initial", None)

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
            self.query_one("#form-error", Static).update(Content(str(error)))
            return
        ask = self.confirmation(value)
        if ask is None:
            self.dismiss(value)
            return
        from roadmap_tui.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            # «Нет» goes back to the form with everything typed, to correct the date.
            if yes:
                self.dismiss(value)

        self.app.push_screen(ConfirmDialog(*ask, yes="Да, сохранить", no="Вернуться к форме"),
                             answered)
