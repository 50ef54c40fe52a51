"""Pick one value for a filter; typing narrows the list (schools, documents…)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from roadmap_tui.read.view import Choice
from roadmap_tui.tui.dialogs.base import BaseModal
from roadmap_tui.tui.widgets.inputs import TextInput

SHOWN = 300


class PickerDialog(BaseModal[Choice]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Отмена"), Binding("down", "to_list", show=False)]

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self.heading, self.choices = title, choices
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(Content(self.heading), classes="dialog-title")
            yield TextInput(placeholder="начните вводить…", id="narrow")
            yield OptionList(id="options")
            yield Label("", id="picker-count")

    def on_mount(self) -> None:
        self._narrow("")
        self.query_one("#narrow", Input).focus()

    @on(Input.Changed, "#narrow")
    def _typed(self, event: Input.Changed) -> None:
        self._narrow(event.value)

    def _narrow(self, text: str) -> None:
        words = text.casefold().replace("ё", "е").split()
        self.shown = [
            c for c in self.choices
            if all(w in c.label.casefold().replace("ё", "е") for w in words)
        ]
        options = self.query_one("#options", OptionList)
        options.clear_options()
        options.add_options(Option(Content(c.label)) for c in self.shown[:SHOWN])
        if self.shown:
            options.highlighted = 0
        more = f" (показаны первые {SHOWN})" if len(self.shown) > SHOWN else ""
        self.query_one("#picker-count", Label).update(f"Подходит: {len(self.shown)}{more}")

    def action_to_list(self) -> None:
        self.query_one("#options", OptionList).focus()

    @on(Input.Submitted, "#narrow")
    def _enter(self) -> None:
        highlighted = self.query_one("#options", OptionList).highlighted
        if self.shown:
            self.dismiss(self.shown[highlighted or 0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])
