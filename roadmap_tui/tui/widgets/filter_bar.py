"""The always-visible line of active filters, count and sort."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from roadmap_tui.read.view import Filters


class FilterBar(Static):
    """Shows what the list is filtered by; `x` clears it all (bound on the screen)."""

    def show(self, filters: Filters, total: int | None, sort: str, marked: int) -> None:
        line = Text()
        active = filters.active()
        if active:
            line.append("Фильтры: ", style="bold")
            for n, (name, value) in enumerate(active):
                if n:
                    line.append("  ·  ")
                line.append(f"{name}: ", style="dim")
                line.append(value, style="bold cyan")
            line.append("   [x — сбросить]", style="dim")
        else:
            line.append("Фильтры не заданы", style="dim")
        line.append("\n")
        line.append("Найдено: ", style="dim")
        line.append("…" if total is None else f"{total:,}".replace(",", " "), style="bold")
        line.append(f"   сортировка по {sort}", style="dim")
        if marked:
            line.append(f"   отмечено: {marked}", style="bold magenta")
        self.update(line)
