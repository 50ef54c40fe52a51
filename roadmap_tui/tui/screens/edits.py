"""The edits a screen starts: open a dialog, take its typed result, queue the write.

Dialogs only return values (ModalScreen[T] + dismiss); here the screen that opened
one turns the value into a store call and hands it to the app's write queue, with
the stale-edit handling (a status change refused as stale reopens its dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from roadmap_tui.dates import fmt
from roadmap_tui.errors import StaleVersion
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui.dialogs.date import DateChange, DateDialog
from roadmap_tui.tui.dialogs.status import StatusDialog
from roadmap_tui.tui.format import short
from roadmap_tui.tui.screens.base import BaseScreen


def edit_status(
    screen: BaseScreen, assignment_id: int, title: str, status: Status, version: int,
    draft: StatusUpdate | None = None, error: str = "",
) -> None:
    """Ask for the change, then save it off the UI thread based on `version`.

    If someone else changed the row meanwhile, the list re-reads it and the dialog
    opens again on the new version with what was typed, so one Ctrl+S re-applies it.
    """
    if screen.roadmap.refuse_if_read_only():
        return

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
        edit_status(screen, assignment_id, title, fresh.status, fresh.version, update, message)

    return reopen


def edit_due_date(
    screen: BaseScreen, assignment_id: int, title: str, current: date | None, version: int
) -> None:
    """Ask for a new due date and its reason, then save it based on `version`."""
    if screen.roadmap.refuse_if_read_only():
        return

    def chosen(change: DateChange | None) -> None:
        if change is not None:
            screen.write(
                lambda: screen.roadmap.store.set_due_date(assignment_id, change.day,
                                                          change.reason, version),
                f"Срок назначения №{assignment_id}: {fmt(change.day)}",
            )

    verb = "Назначить срок" if current is None else "Перенести срок"
    screen.app.push_screen(DateDialog(f"{verb}: {short(title, 60)}", current), chosen)
