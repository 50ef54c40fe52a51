"""Correct an imported item: its deadline phrase and bodies, previewing new dates."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Static

from roadmap_tui.tui.format import due_text, short
from roadmap_tui.tui.reports import ReviewRow
from roadmap_tui.tui.screens.base import BaseModal
from roadmap_tui.tui.widgets.inputs import TextInput
from roadmap_tui.tui.writes import Preview


@dataclass(frozen=True)
class ReviewFix:
    phrase: str
    codes: list[str]


class ReviewDialog(BaseModal[ReviewFix]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Отмена"), Binding("ctrl+s", "save", "Сохранить")]

    def __init__(self, item: ReviewRow) -> None:
        super().__init__()
        self.item = item
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
            yield TextInput(", ".join(item.bodies), placeholder="например dep:edu, group:oo",
                            id="codes")
            yield Static("", id="preview")
            with Horizontal(classes="buttons"):
                yield Button("Сохранить", variant="primary", id="save")
                yield Button("Отмена", id="cancel")

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
        found = self.roadmap.store.preview(item_id, phrase)
        self.app.call_from_thread(self._show, found)

    def _show(self, preview: Preview) -> None:
        self.preview = preview
        dues = ", ".join(due_text(w, d) for w, d in preview.dues[:12]) or "без даты"
        if len(preview.dues) > 12:
            dues += f" … всего {len(preview.dues)}"
        self.query_one("#preview", Static).update(Text.assemble(
            ("Как понят: ", "dim"), preview.explain or preview.kind, "\n",
            ("Новые сроки: ", "dim"), (dues, "bold")))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        codes = [c.strip() for c in self.query_one("#codes", Input).value.split(",") if c.strip()]
        self.dismiss(ReviewFix(self.query_one("#phrase", Input).value, codes))
