"""The TUI's writes: each one transaction through the tracking core.

Headless. Who and when come from the injected user and clock; the row's
version travels with every edit so a stale one is refused (StaleVersion).
Status changes, dates and undo are the CLI's own plain-SQL functions over the
app's `Database`; only item corrections load the ORM, when first made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from roadmap_tui.model.connection import Database
from roadmap_tui.settings import recurrence_horizon
from roadmap_tui.tracking.status import StatusUpdate, change_many, change_status, set_due_date, undo_last

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from roadmap_tui.tracking.items import ItemEdit


@dataclass(frozen=True)
class Preview:
    """What an edited deadline phrase means, before it is saved."""

    kind: str
    explain: str
    dues: list[tuple[date | None, date]]


class Store:
    """Status changes, undo, dates and import corrections for one coordinator."""

    def __init__(self, database: Database, today: date, user: str, clock: Callable[[], datetime]):
        self.database, self.today, self.user, self.clock = database, today, user, clock
        self.db_url = database.url
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from roadmap_tui.model.db import make_engine

                self._engine = make_engine(self.db_url)
            return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def _session(self) -> Any:
        from roadmap_tui.model.db import unit_of_work

        return unit_of_work(self.engine)

    def change_status(self, assignment_id: int, update: StatusUpdate) -> None:
        with self.database.write() as tx:
            change_status(tx, assignment_id, update, by=self.user, today=self.today, now=self.clock())

    def change_many(self, versions: dict[int, int], update: StatusUpdate) -> int:
        with self.database.write() as tx:
            change_many(tx, sorted(versions), update, by=self.user, today=self.today,
                        now=self.clock(), versions=versions)
        return len(versions)

    def undo(self) -> int:
        with self.database.write() as tx:
            return len(undo_last(tx, by=self.user, now=self.clock()))

    def set_due_date(self, assignment_id: int, day: date, reason: str, version: int) -> None:
        with self.database.write() as tx:
            set_due_date(tx, assignment_id, day, reason=reason, by=self.user, today=self.today,
                         now=self.clock(), expected_version=version)

    # -- item corrections (import review and the item edit dialog) -----------------------------
    def preview(self, item_id: int, phrase: str) -> Preview:
        """The due dates `phrase` gives this item (nothing is saved)."""
        from roadmap_tui.tracking.items import preview_deadline

        with self._session() as session:
            schedule = preview_deadline(session, item_id, phrase,
                                        horizon=recurrence_horizon(self.today))
        return Preview(str(schedule.kind), schedule.explain,
                       [(d.window_start, d.due_on) for d in schedule.dues])

    def edit_item(self, item_id: int, edit: ItemEdit, reason: str) -> int:
        """Correct an item through the core (the CLI's own function); return new assignments."""
        from roadmap_tui.tracking.items import edit_item

        with self._session() as session:
            result = edit_item(session, item_id, edit, by=self.user, reason=reason,
                               now=self.clock(), horizon=recurrence_horizon(self.today))
        return result.effects.added

    def save_review(self, item_id: int, phrase: str, codes: list[str], version: int | None = None,
                    reason: str = "исправлено при разборе импорта") -> int:
        """Store the corrected phrase and bodies; return new assignments."""
        from roadmap_tui.tracking.items import ItemEdit

        return self.edit_item(item_id, ItemEdit(deadline=phrase, bodies=codes,
                                                expected_version=version), reason)
