"""Change one assignment's status: status, completion date, comment, report."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Checkbox, Label, Select, Static

from roadmap_tui.dates import fmt, parse_user_date
from roadmap_tui.errors import BadInput
from roadmap_tui.model.statuses import OPEN_STATUSES, STATUS_LABELS, Status
from roadmap_tui.tracking.status import StatusUpdate, moves_into_past
from roadmap_tui.tui.dialogs.date import past_question
from roadmap_tui.tui.dialogs.form import FormDialog, FormScroll
from roadmap_tui.tui.widgets.inputs import TextInput


class StatusDialog(FormDialog[StatusUpdate]):
    """Returns the StatusUpdate to apply (with the version it is based on), or None.

    `draft` pre-fills the form with a change typed before (after a conflict), and
    `error` starts it with that message in the error line. The form scrolls, so at
    80×24 every field and the buttons stay reachable.
    """

    BULK = False

    def __init__(self, heading: str, status: Status, today: date,
                 version: int | None = None, draft: StatusUpdate | None = None,
                 error: str = "") -> None:
        super().__init__()
        self.heading, self.status, self.today, self.version = heading, status, today, version
        self.draft, self.error = draft, error
        self.prefilled = draft is not None

    def compose(self) -> ComposeResult:
        with FormScroll(classes="dialog", id="form"):
            yield Label(Content(self.heading), classes="dialog-title")
            yield Label("Статус")
            draft = self.draft or StatusUpdate(self._initial_status(), completed_on=self.today)
            yield Select([(label, s.value) for s, label in STATUS_LABELS.items()],
                         value=draft.status.value, allow_blank=False, id="status")
            yield Label("Дата выполнения (ДД.ММ.ГГГГ)")
            yield TextInput(fmt(draft.completed_on or self.today), id="completed")
            yield Label("Новый срок — для «перенесено» (ДД.ММ.ГГГГ)", classes="due-row")
            yield TextInput(fmt(draft.new_due_on) if draft.new_due_on else "",
                            placeholder="например 30.04.2023", id="due", classes="due-row")
            yield Label("Комментарий")
            yield TextInput(draft.comment or "", placeholder="что сделано, причина переноса…",
                            id="comment")
            if not self.BULK:
                with Horizontal(classes="report-row"):
                    yield Checkbox("Отчёт получен", bool(draft.report_received), id="report")
                    yield TextInput(draft.report_ref or "", placeholder="реквизиты отчёта (№, дата)",
                                    id="report-ref")
            yield Static(Content(self.error), id="form-error")
            yield self.buttons()

    def _initial_status(self) -> Status:
        # Work still owed is most often being reported done; a closed status stays as it is.
        return Status.DONE if self.status in OPEN_STATUSES else self.status

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextInput).value.strip()

    def result(self) -> StatusUpdate:
        status = Status(str(self.query_one("#status", Select).value))
        completed = self._text("completed")
        due = self._text("due")
        comment = self._text("comment") or None
        if status is Status.POSTPONED and not due:
            raise BadInput("Для статуса «перенесено» укажите новый срок.")
        if status is Status.POSTPONED and not comment:
            raise BadInput("Для статуса «перенесено» укажите причину в комментарии.")
        received: bool | None = None
        reference: str | None = None
        if not self.BULK:
            received = self.query_one("#report", Checkbox).value
            reference = self._text("report-ref") or None
        return StatusUpdate(
            status=status,
            comment=comment,
            completed_on=parse_user_date(completed) if status is Status.DONE and completed
            else None,
            new_due_on=parse_user_date(due) if due else None,
            report_received=received,
            report_ref=reference,
            expected_version=self.version,
        )

    def confirmation(self, value: StatusUpdate) -> tuple[str, str] | None:
        if value.new_due_on is not None and moves_into_past(value, self.today):
            return past_question(value.new_due_on, self.today)
        return None
