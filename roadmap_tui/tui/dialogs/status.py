"""Change one assignment's status: status, completion date, comment, report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Label, Select, Static

from roadmap_tui.dates import fmt, parse_user_date
from roadmap_tui.errors import BadInput, StaleVersion
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui.dialogs.form import FormDialog
from roadmap_tui.tui.format import short
from roadmap_tui.tui.screens.base import BaseScreen
from roadmap_tui.tui.widgets.inputs import TextInput


class StatusDialog(FormDialog[StatusUpdate]):
    """Returns the StatusUpdate to apply (with the version it is based on), or None.

    `draft` pre-fills the form with a change typed before (after a conflict), and
    `error` starts it with that message in the error line.
    """

    BULK = False

    def __init__(self, heading: str, status: Status, today: date,
                 version: int | None = None, draft: StatusUpdate | None = None,
                 error: str = "") -> None:
        super().__init__()
        self.heading, self.status, self.today, self.version = heading, status, today, version
        self.draft, self.error = draft, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Label("Статус")
            draft = self.draft or StatusUpdate(self._initial(), completed_on=self.today)
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
            yield Static(self.error, id="form-error")
            yield self.buttons()

    def _initial(self) -> Status:
        return Status.DONE if self.status in (Status.PLANNED, Status.IN_PROGRESS,
                                              Status.POSTPONED) else self.status

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


def open_status_dialog(
    screen: BaseScreen, assignment_id: int, title: str, status: Status, version: int,
    draft: StatusUpdate | None = None, error: str = "",
) -> None:
    """Ask for the change, then save it off the UI thread based on `version`.

    If someone else changed the row meanwhile, the list re-reads it and the dialog
    opens again on the new version with what was typed, so one Ctrl+S re-applies it.
    """

    def chosen(update: StatusUpdate | None) -> None:
        if update is not None:
            screen.write(lambda: screen.roadmap.store.change_status(assignment_id, update),
                         f"Статус назначения №{assignment_id}: «{STATUS_LABELS[update.status]}»",
                         on_stale=lambda stale: _conflict(screen, assignment_id, title, update,
                                                          stale))

    heading = f"Статус: {short(title, 60)}"
    screen.app.push_screen(
        StatusDialog(heading, status, screen.roadmap.data.today, version, draft, error), chosen
    )


def _conflict(screen: BaseScreen, assignment_id: int, title: str, update: StatusUpdate,
              stale: StaleVersion) -> Callable[[], None]:
    """In the write worker: read the row as it is now; then, on the UI thread, refresh
    every screen and reopen the dialog on the new version with the typed change."""
    fresh = screen.roadmap.data.one(assignment_id)

    def reopen() -> None:
        screen.roadmap.data_changed()
        if fresh is None:
            screen.roadmap.show_error(str(stale))
            return
        message = (f"{stale}\nСейчас в базе: «{STATUS_LABELS[fresh.status]}». Ваше изменение"
                   " оставлено в форме: проверьте и нажмите Ctrl+S, чтобы применить его.")
        open_status_dialog(screen, assignment_id, title, fresh.status, fresh.version,
                           update, message)

    return reopen
