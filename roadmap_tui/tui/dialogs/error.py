"""The one place a failure is shown: its Russian message and an OK button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from roadmap_tui.tui.screens.base import BaseModal


class ErrorDialog(BaseModal[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [("escape", "cancel", "Закрыть"), ("enter", "cancel", "Закрыть")]

    def __init__(self, message: str, title: str = "Ошибка") -> None:
        super().__init__()
        self.message, self.title_text = message, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="error-message")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)
