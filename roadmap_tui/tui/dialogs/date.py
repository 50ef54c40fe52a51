"""Set a date for an undated assignment, or move a dated one, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from roadmap_tui.dates import fmt, parse_user_date
from roadmap_tui.errors import BadInput
from roadmap_tui.tui.format import short
from roadmap_tui.tui.screens.base import BaseModal, BaseScreen
from roadmap_tui.tui.widgets.inputs import TextInput


@dataclass(frozen=True)
class DateChange:
    day: date
    reason: str


class DateDialog(BaseModal[DateChange]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Отмена"), Binding("ctrl+s", "save", "Сохранить")]

    def __init__(self, heading: str, current: date | None) -> None:
        super().__init__()
        self.heading, self.current = heading, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Label(f"Текущий срок: {fmt(self.current, 'дата не назначена')}")
            yield Label("Новый срок (ДД.ММ.ГГГГ)")
            yield TextInput("", placeholder="например 30.04.2023", id="day")
            yield Label("Причина")
            yield TextInput("", placeholder="решение, письмо, приказ…", id="reason")
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Сохранить", variant="primary", id="save")
                yield Button("Отмена", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#day", TextInput).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            day = parse_user_date(self.query_one("#day", TextInput).value)
            reason = self.query_one("#reason", TextInput).value.strip()
            if not reason:
                raise BadInput("Укажите причину назначения или переноса срока.")
        except BadInput as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(DateChange(day, reason))


def open_date_dialog(
    screen: BaseScreen, assignment_id: int, title: str, current: date | None, version: int
) -> None:
    def chosen(change: DateChange | None) -> None:
        if change is not None:
            screen.write(
                lambda: screen.roadmap.store.set_due_date(assignment_id, change.day,
                                                          change.reason, version),
                f"Срок назначения №{assignment_id}: {fmt(change.day)}",
            )

    verb = "Назначить срок" if current is None else "Перенести срок"
    screen.app.push_screen(DateDialog(f"{verb}: {short(title, 60)}", current), chosen)
