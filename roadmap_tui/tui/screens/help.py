"""Every binding of every screen, in Russian."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from roadmap_tui.tui.dialogs.base import BaseModal

KEY_NAMES = {"slash": "/", "space": "Пробел", "escape": "Esc", "enter": "Enter",
             "ctrl+z": "Ctrl+Z", "ctrl+p": "Ctrl+P", "ctrl+s": "Ctrl+S", "ctrl+q": "Ctrl+Q",
             "O": "Shift+O", "ctrl+e": "Ctrl+E"}


def binding_table() -> Table:
    from roadmap_tui.tui.app import RoadmapApp
    from roadmap_tui.tui.screens.assignments import AssignmentsScreen
    from roadmap_tui.tui.screens.details import DetailsScreen
    from roadmap_tui.tui.screens.matrix import MatrixScreen
    from roadmap_tui.tui.screens.overview import OverviewScreen
    from roadmap_tui.tui.screens.review import ReviewScreen

    table = Table(expand=True, show_header=True)
    table.add_column("Где")
    table.add_column("Клавиша")
    table.add_column("Действие")
    sections = (("Везде", RoadmapApp), ("Сводка", OverviewScreen),
                ("Список назначений", AssignmentsScreen), ("Подробности", DetailsScreen),
                ("Матрица", MatrixScreen), ("Разбор импорта", ReviewScreen))
    for where, owner in sections:
        for n, binding in enumerate(owner.BINDINGS):
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

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Справка: клавиши", classes="dialog-title")
            yield Static(binding_table())
            yield Label("Esc — закрыть", classes="dim")
