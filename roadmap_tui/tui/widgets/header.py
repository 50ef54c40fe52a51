"""The screens' header, with the palette icon's tooltip in Russian (Textual's is English)."""

from __future__ import annotations

from textual.widgets import Header
from textual.widgets._header import HeaderIcon


class RoadmapHeader(Header):
    def on_mount(self) -> None:
        # Runs after the icon's own on_mount, which sets "Open the command palette".
        for icon in self.query(HeaderIcon):
            icon.tooltip = "Палитра команд (Ctrl+P)"
