"""Correct an imported item: its deadline phrase and bodies, previewing new dates.

The preview is a read the screen hands in (`preview`, the store's), so the
dialog itself knows no store and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from roadmap_tui.read.review import ReviewRow
from roadmap_tui.tui.dialogs.form import FormDialog
from roadmap_tui.tui.format import due_text, short
from roadmap_tui.tui.widgets.inputs import TextInput
from roadmap_tui.tui.writes import Preview


@dataclass(frozen=True)
class ReviewFix:
    phrase: str
    codes: list[str]


#: The due dates a deadline phrase would give an item: (item id, phrase) -> Preview.
Previewer = Callable[[int, str], Preview]


class ReviewDialog(FormDialog[ReviewFix]):

    def __init__(self, item: ReviewRow, preview: Previewer) -> None:
        super().__init__()
        self.item, self.previewer = item, preview
        self.preview: Preview | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog review"):
            yield Label(f"Пункт {item.number}: {short(item.title, 80)}", classes="dialog-title")
            yield Static(Text("; ".join(item.problems), style="yellow"))
            yield Label("Срок, как в документе")
            yield TextInput(item.deadline_raw or "", id="phrase")
            yield Label("Ответственные (коды через запятую)"
                        + (f"; в документе: «{item.responsible_raw}»" if item.responsible_raw
                           else ""))
            yield TextInput(", ".join(item.bodies), placeholder="например ИМЦ, ОО",
                            id="codes")
            yield Static("", id="preview")
            yield Static("", id="form-error")
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#phrase", Input).focus()
        self._preview(self.item.item_id, self.query_one("#phrase", Input).value)

    @on(Input.Changed, "#phrase")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.15, lambda: self._preview(self.item.item_id, event.value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def _preview(self, item_id: int, phrase: str) -> None:
        found = self.previewer(item_id, phrase)
        self.app.call_from_thread(self._show, found)

    def _show(self, preview: Preview) -> None:
        self.preview = preview
        dues = ", ".join(due_text(w, d) for w, d in preview.dues[:12]) or "без даты"
        if len(preview.dues) > 12:
            dues += f" … всего {len(preview.dues)}"
        self.query_one("#preview", Static).update(Text.assemble(
            ("Как понят: ", "dim"), preview.explain or preview.kind, "\n",
            ("Новые сроки: ", "dim"), (dues, "bold")))

    def result(self) -> ReviewFix:
        codes = [c.strip() for c in self.query_one("#codes", Input).value.split(",") if c.strip()]
        return ReviewFix(self.query_one("#phrase", Input).value, codes)
