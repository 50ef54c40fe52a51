"""The edits a screen starts: open a dialog, take its typed result, queue the write.

Dialogs only return values (ModalScreen[T] + dismiss); here the screen that opened
one turns the value into a store call and hands it to the app's write queue, with
the stale-edit handling (a status change refused as stale reopens its dialog; the
app refreshes every screen first, as after any stale write).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from roadmap_tui.dates import fmt
from roadmap_tui.errors import StaleVersion
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.read.review import ReviewRow
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
    A change the core refuses (a completion date still to come) reopens the dialog
    too, with the core's message in the form and nothing typed lost.
    """
    if screen.roadmap.refuse_if_read_only():
        return

    def chosen(update: StatusUpdate | None) -> None:
        if update is not None:
            screen.write(lambda: screen.roadmap.store.change_status(assignment_id, update),
                         f"Статус назначения №{assignment_id}: «{STATUS_LABELS[update.status]}»",
                         on_stale=lambda stale: _conflict(screen, assignment_id, title, update,
                                                          stale),
                         on_refused=lambda refused: lambda: edit_status(
                             screen, assignment_id, title, status, version, update, str(refused)))

    heading = f"Статус: {short(title, 60)}"
    screen.app.push_screen(
        StatusDialog(heading, status, screen.roadmap.data.today, version, draft, error), chosen
    )


def _conflict(screen: BaseScreen, assignment_id: int, title: str, update: StatusUpdate,
              stale: StaleVersion) -> Callable[[], None]:
    """In the write worker: read the row as it is now; then, on the UI thread (after the
    app has refreshed every screen), reopen the dialog on the new version with the typed
    change."""
    fresh = screen.roadmap.data.one(assignment_id)

    def reopen() -> None:
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
    dialog = DateDialog(f"{verb}: {short(title, 60)}", current, screen.roadmap.data.today)
    screen.app.push_screen(dialog, chosen)


def edit_item(screen: BaseScreen, item_id: int) -> None:
    """Open the item edit dialog on item `item_id` (read off the UI thread), then save it."""
    if screen.roadmap.refuse_if_read_only():
        return

    def load() -> None:
        from roadmap_tui.read.review import body_codes, review

        found = review(screen.roadmap.data, only_item=item_id)
        codes = body_codes(screen.roadmap.data)
        if not found:
            screen.app.call_from_thread(
                screen.roadmap.show_error,
                f"Пункт №{item_id} не найден или исключён из документа: исправлять нечего.")
            return
        screen.app.call_from_thread(open_item_edit, screen, found[0], codes)

    screen.run_worker(load, thread=True, exclusive=True, exit_on_error=False, group="item-edit")


def open_item_edit(screen: BaseScreen, item: ReviewRow, codes: list[str]) -> None:
    """Ask for the corrected fields of `item`, then write them through the core."""
    from roadmap_tui.tui.dialogs.item_edit import ItemEditDialog, ItemFix

    def edited(fix: ItemFix | None) -> None:
        if fix is None:
            return
        from roadmap_tui.tracking.items import ItemEdit

        edit = ItemEdit(title=fix.title, deadline=fix.deadline, bodies=fix.codes,
                        report_form=fix.report_form, note=fix.note, expected_version=fix.version)
        screen.write(lambda: screen.roadmap.store.edit_item(item.item_id, edit, fix.reason),
                     f"Пункт {item.number} исправлен")

    # The dialog subclasses the review dialog, whose result type it narrows to ItemFix.
    screen.app.push_screen(ItemEditDialog(item, codes, screen.roadmap.store.preview),
                           edited)  # type: ignore[arg-type]
