"""The one place a failure is shown: its Russian message and an OK button.

The message is plain text: a database's message ("[SQL: … WHERE id = ?]") read as
markup would raise MarkupError and take the whole app down.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from roadmap_tui.tui.dialogs.base import BaseModal


class ErrorDialog(BaseModal[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [("escape", "cancel", "Закрыть"), ("enter", "cancel", "Закрыть")]

    def __init__(self, message: str, title: str = "Ошибка") -> None:
        super().__init__()
        self.message, self.title_text = message, title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog error-dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.message), id="error-message")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)
