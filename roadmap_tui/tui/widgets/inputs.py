"""An input that does not blink under test (deterministic snapshots)."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False
