"""Correct any field of an item: title, deadline (with the new dates previewed), bodies, report form, note.

A `ModalScreen[ItemFix]`: it returns what was typed; the screen that opened
it does the write, through the same core function the CLI uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from roadmap_tui.errors import BadInput
from roadmap_tui.read.review import ReviewRow
from roadmap_tui.tui.dialogs.review import Previewer, ReviewDialog
from roadmap_tui.tui.format import short
from roadmap_tui.tui.widgets.inputs import TextInput


@dataclass(frozen=True)
class ItemFix:
    """The fields as the coordinator left them, the version they were read at, and why."""

    title: str
    deadline: str
    codes: list[str]
    report_form: str
    note: str
    reason: str
    version: int


class CodesSuggester(Suggester):
    """Type-ahead for the last of several comma-separated body codes."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.codes = codes

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.strip().lower()
        if not typed:
            return None
        match = next((c for c in self.codes if c.lower().startswith(typed)), None)
        if match is None:
            return None
        return f"{head}, {match}" if head else match


class ItemEditDialog(ReviewDialog):
    """Opened by `e` on the import review, the assignments list and the details; returns an ItemFix."""

    def __init__(self, item: ReviewRow, codes: list[str], preview: Previewer) -> None:
        super().__init__(item, preview)
        self.codes = codes

    def compose(self) -> ComposeResult:
        item = self.item
        with VerticalScroll(classes="dialog review"):
            yield Label(f"Исправить пункт {item.number} ({short(item.doc, 30)})",
                        classes="dialog-title")
            yield Label("Мероприятие")
            yield TextInput(item.title, id="title")
            yield Label("Срок, как в документе")
            yield TextInput(item.deadline_raw or "", id="phrase")
            yield Label("Ответственные (коды через запятую)"
                        + (f"; в документе: «{short(item.responsible_raw, 50)}»"
                           if item.responsible_raw else ""))
            yield TextInput(", ".join(item.bodies), placeholder="например ИМЦ, ОО", id="codes",
                            suggester=CodesSuggester(self.codes))
            yield Label("Форма отчёта")
            yield TextInput(item.report_form or "", id="report-form")
            yield Label("Примечание")
            yield TextInput(item.note or "", id="note")
            yield Label("Причина исправления")
            yield TextInput("", placeholder="обязательно: почему исправлено", id="reason")
            yield Static("", id="preview")
            yield Static("", id="form-error")
            yield self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#title", Input).focus()

    def result(self) -> ItemFix:  # type: ignore[override]
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        if not value("title"):
            raise BadInput("Название мероприятия не может быть пустым.")
        if not value("reason"):
            raise BadInput("Укажите причину исправления.")
        codes = [c.strip() for c in value("codes").split(",") if c.strip()]
        return ItemFix(value("title"), value("phrase"), codes, value("report-form"), value("note"),
                       value("reason"), self.item.version)
