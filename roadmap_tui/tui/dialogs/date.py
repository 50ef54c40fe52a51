"""Set a date for an undated assignment, or move a dated one, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, Static

from roadmap_tui.dates import fmt, parse_user_date
from roadmap_tui.errors import BadInput
from roadmap_tui.model.statuses import Status
from roadmap_tui.tracking.status import StatusUpdate, moves_into_past
from roadmap_tui.tui.dialogs.form import FormDialog, FormScroll
from roadmap_tui.tui.widgets.inputs import TextInput


@dataclass(frozen=True)
class DateChange:
    day: date
    reason: str


class DateDialog(FormDialog[DateChange]):

    def __init__(self, heading: str, current: date | None, today: date) -> None:
        super().__init__()
        self.heading, self.current, self.today = heading, current, today

    def compose(self) -> ComposeResult:
        with FormScroll(classes="dialog", id="form"):
            yield Label(Content(self.heading), classes="dialog-title")
            yield Label(f"Текущий срок: {fmt(self.current, 'дата не назначена')}")
            yield Label("Новый срок (ДД.ММ.ГГГГ)")
            yield TextInput("", placeholder="например 30.04.2023", id="day")
            yield Label("Причина")
            yield TextInput("", placeholder="решение, письмо, приказ…", id="reason")
            yield Static("", id="form-error")
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#day", TextInput).focus()

    def result(self) -> DateChange:
        day = parse_user_date(self.query_one("#day", TextInput).value)
        reason = self.query_one("#reason", TextInput).value.strip()
        if not reason:
            raise BadInput("Укажите причину назначения или переноса срока.")
        return DateChange(day, reason)

    def confirmation(self, value: DateChange) -> tuple[str, str] | None:
        # The core's rule of what is worth a confirmation, asked of the change this date makes.
        if moves_into_past(StatusUpdate(Status.POSTPONED, new_due_on=value.day), self.today):
            return past_question(value.day, self.today)
        return None


def past_question(day: date, today: date) -> tuple[str, str]:
    """What the coordinator is asked before a deadline is moved into the past."""
    return ("Новый срок уже прошёл. Сохранить?",
            f"Новый срок {fmt(day)} раньше сегодняшнего дня ({fmt(today)}): назначение "
            "сразу станет просроченным. Проверьте дату: возможно, опечатка в годе.")
