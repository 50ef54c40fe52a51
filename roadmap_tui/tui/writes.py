"""The TUI's writes: each one transaction through the tracking core.

Headless. Who and when come from the injected user and clock; the row's
version travels with every edit so a stale one is refused (StaleVersion).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from roadmap_tui.settings import recurrence_horizon
from roadmap_tui.tracking.status import StatusUpdate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Preview:
    """What an edited deadline phrase means, before it is saved."""

    kind: str
    explain: str
    dues: list[tuple[date | None, date]]


class Store:
    """Status changes, undo, dates and import corrections for one coordinator."""

    def __init__(self, db_url: str, today: date, user: str, clock: Callable[[], datetime]):
        self.db_url, self.today, self.user, self.clock = db_url, today, user, clock
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
        from roadmap_tui.tracking.status import change_status

        with self._session() as session:
            change_status(session, assignment_id, update, by=self.user, today=self.today,
                          now=self.clock())

    def change_many(self, versions: dict[int, int], update: StatusUpdate) -> int:
        from roadmap_tui.tracking.status import change_many

        with self._session() as session:
            change_many(session, sorted(versions), update, by=self.user, today=self.today,
                        now=self.clock(), versions=versions)
        return len(versions)

    def undo(self) -> int:
        from roadmap_tui.tracking.status import undo_last

        with self._session() as session:
            return len(undo_last(session, by=self.user, now=self.clock()))

    def set_due_date(self, assignment_id: int, day: date, reason: str, version: int) -> None:
        from roadmap_tui.tracking.status import set_due_date

        with self._session() as session:
            set_due_date(session, assignment_id, day, reason=reason, by=self.user,
                         today=self.today, now=self.clock(), expected_version=version)

    # -- import review ------------------------------------------------------------------------
    def preview(self, item_id: int, phrase: str) -> Preview:
        """The due dates `phrase` gives this item (nothing is saved)."""
        from roadmap_tui.importer.store import plan_context, schedule_for
        from roadmap_tui.model.tables import Document, Item

        with self._session() as session:
            item = session.get(Item, item_id)
            document = session.get(Document, item.document_id) if item else None
            if item is None or document is None:
                from roadmap_tui.errors import NotFound

                raise NotFound(f"Мероприятие №{item_id} не найдено.")
            schedule = schedule_for(item.kind, phrase.strip() or None,
                                    plan_context(document, recurrence_horizon(self.today)))
        return Preview(str(schedule.kind), schedule.explain,
                       [(d.window_start, d.due_on) for d in schedule.dues])

    def save_review(self, item_id: int, phrase: str, codes: list[str]) -> int:
        """Store the corrected phrase and bodies, re-materialise; return new assignments."""
        from sqlalchemy import delete
        from sqlmodel import col, select

        from roadmap_tui.errors import BadInput
        from roadmap_tui.importer.store import (
            plan_context,
            schedule_for,
            store_dues,
            store_responsibility,
        )
        from roadmap_tui.model.materialize import materialize_assignments
        from roadmap_tui.model.tables import Body, Document, ImportNote, Item

        with self._session() as session:
            item = session.get(Item, item_id)
            assert item is not None and item.id is not None
            document = session.get(Document, item.document_id)
            assert document is not None
            known = {b.code: b.id for b in session.exec(select(Body)) if b.id is not None}
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise BadInput("Неизвестные ответственные: " + ", ".join(unknown)
                               + ". Коды — в справочнике (roadmap bodies).")
            schedule = schedule_for(item.kind, phrase.strip() or None,
                                    plan_context(document, recurrence_horizon(self.today)))
            item.deadline_raw = phrase.strip() or None
            item.schedule_kind = str(schedule.kind)
            item.schedule_owner = schedule.owner
            item.schedule_explain = schedule.explain
            session.add(item)
            session.flush()
            store_dues(session, item.id, schedule)
            store_responsibility(session, item.id, codes, known)
            session.execute(delete(ImportNote).where(col(ImportNote.item_id) == item.id))
            return materialize_assignments(session, item.document_id)
