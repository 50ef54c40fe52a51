"""Region scale: ~1,500 bodies, ~20 roadmaps, ~1,000,000 assignments, in minutes.

Everything is generated in Python with one seeded generator and written with
chunked Core INSERTs in one transaction: no ORM objects, no read-back, no
UPDATE pass. Assignments get explicit ids so their history can follow them
in the same chunk, and each assignment is written once, already in its final
status — the cheapest way to put a million rows with history on disk. The
rows are exactly what `materialize_assignments` would make from the same
items (groups expanded to the plan's municipality's schools); the tests
check that it finds nothing left to add.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Engine

from roadmap_tui.demo.bodies import build_bodies
from roadmap_tui.demo.clock import at_ten
from roadmap_tui.demo.plans import PlannedItem, build_plans
from roadmap_tui.demo.stories import tell
from roadmap_tui.demo.writer import (
    ASSIGNMENT,
    CHUNK,
    STATUS_CHANGE,
    Row,
    history_rows,
    insert_rows,
    story_values,
    sync_sequences,
)
from roadmap_tui.model.tables import Body, Document, Item, ItemBody, ItemDue, Section

Progress = Callable[[str], None]

#: Default assignment targets of the scales built here.
SIZES = {"region": 1_000_000, "bench100k": 100_000}


@dataclass(frozen=True)
class Shape:
    """How big a region is: districts, schools, assignments to aim for."""

    municipalities: int
    schools: int
    assignments: int


def shape_for(size: int) -> Shape:
    """A full region from 100,000 assignments up; a proportionally small one below (tests)."""
    if size >= 100_000:
        return Shape(20, 1_400, size)
    municipalities = max(2, min(20, size // 5_000))
    return Shape(municipalities, max(4 * municipalities, min(1_400, size // 100)), size)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


def generate_region(engine: Engine, *, seed: int, today: date, size: int,
                    progress: Progress) -> None:
    """Fill an empty schema with a synthetic region of about `size` assignments."""
    started = time.perf_counter()
    rng = random.Random(seed)
    shape = shape_for(size)
    bodies, regional, municipalities = build_bodies(rng, shape.municipalities, shape.schools)
    names = {int(row["id"]): str(row["short_name"]) for row in bodies}  # type: ignore[call-overload]
    plans = build_plans(rng, seed, municipalities, regional, names, shape.assignments, today)
    expected = sum(item.assignments for item in plans.planned)
    progress(f"Регион: муниципалитетов {len(municipalities)}, ответственных {len(bodies)}, "
             f"документов {len(plans.documents)}, мероприятий {len(plans.items)}; "
             f"будет назначений {_n(expected)}")
    with engine.begin() as connection:
        for model, rows in ((Body, bodies), (Document, plans.documents),
                            (Section, plans.sections), (Item, plans.items),
                            (ItemDue, plans.dues), (ItemBody, plans.item_bodies)):
            insert_rows(connection, _table(model), rows)
        _write_assignments(connection, rng, plans.planned, today, expected, started, progress)
        sync_sequences(connection, ("body", "document", "section", "item", "assignment"))


def _write_assignments(connection: Connection, rng: random.Random, planned: list[PlannedItem],
                       today: date, expected: int, started: float, progress: Progress) -> None:
    """Stream assignments and their history, one chunk of each at a time."""
    written = 0
    for assignments, history in _chunks(rng, planned, today):
        connection.execute(ASSIGNMENT.insert(), assignments)
        if history:
            connection.execute(STATUS_CHANGE.insert(), history)
        written += len(assignments)
        progress(f"  назначений {_n(written)} из {_n(expected)} "
                 f"({time.perf_counter() - started:.0f} с)")


def _chunks(rng: random.Random, planned: list[PlannedItem], today: date
            ) -> Iterator[tuple[list[Row], list[Row]]]:
    assignments: list[Row] = []
    history: list[Row] = []
    next_id = 1
    for item in planned:
        created_at = at_ten(item.created)
        for occurrence, window_start, due_on in item.dues:
            for body_id, via_group_id in item.targets:
                row: Row = {
                    "id": next_id, "item_id": item.id, "body_id": body_id,
                    "via_group_id": via_group_id, "occurrence": occurrence,
                    "window_start": window_start, "original_due_on": due_on, "due_on": due_on,
                    "status": "planned", "completed_on": None, "report_received": False,
                    "report_ref": None, "comment": None, "version": 1, "updated_at": created_at,
                }
                story = tell(rng, window_start, due_on, today, item.created)
                if story is not None:
                    entries = history_rows(next_id, story, rng)
                    history.extend(entries)
                    row.update(story_values(story, entries))
                assignments.append(row)
                next_id += 1
                if len(assignments) >= CHUNK:
                    yield assignments, history
                    assignments, history = [], []
    if assignments:
        yield assignments, history
