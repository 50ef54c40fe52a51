"""Every binding of every screen, in Russian."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from roadmap_tui.tui.dialogs.base import BaseModal

KEY_NAMES = {"slash": "/", "space": "Пробел", "escape": "Esc", "enter": "Enter",
             "ctrl+z": "Ctrl+Z", "ctrl+p": "Ctrl+P", "ctrl+s": "Ctrl+S", "ctrl+q": "Ctrl+Q",
             "O": "Shift+O", "ctrl+e": "Ctrl+E"}


#: (where, the bindings that apply there), in the order the help lists them.
HelpSections = Sequence[tuple[str, Sequence[BindingType]]]


def binding_table(sections: HelpSections) -> Table:
    """One row per described binding of each section; the app names the sections (it
    knows every screen, and this module imports none)."""
    table = Table(expand=True, show_header=True)
    table.add_column("Где")
    table.add_column("Клавиша")
    table.add_column("Действие")
    for where, bindings in sections:
        for n, binding in enumerate(bindings):
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            if not binding.description:
                continue
            table.add_row(where if n == 0 else "", KEY_NAMES.get(binding.key, binding.key),
                          binding.description)
    table.add_row("Везде", "Ctrl+P", "Палитра команд: все действия по названию")
    return table


class HelpScreen(BaseModal[None]):
    CSS_PATH = "../dialogs/dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Закрыть"), Binding("f1", "cancel", "Закрыть")]

    def __init__(self, sections: HelpSections) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Справка: клавиши", classes="dialog-title")
            yield Static(binding_table(self.sections))
            yield Label("Esc — закрыть", classes="dim")
