"""Mark many selected assignments at once, with one comment (one undoable batch)."""

from __future__ import annotations

from datetime import date

from roadmap_tui.dates import plural_ru
from roadmap_tui.model.statuses import Status
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui.dialogs.status import StatusDialog


class BulkDialog(StatusDialog):
    """The status dialog without the per-row report fields; versions come from the marks."""

    BULK = True

    def __init__(self, count: int, today: date, draft: StatusUpdate | None = None,
                 error: str = "") -> None:
        # «у 1 назначения», «у 2 назначений», «у 21 назначения»: genitive after «у».
        counted = plural_ru(count, "назначения", "назначений", "назначений")
        super().__init__(f"Изменить статус сразу у {counted}", Status.PLANNED, today,
                         draft=draft, error=error)
        self.count = count
