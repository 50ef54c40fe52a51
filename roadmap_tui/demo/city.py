"""City scale: the bundled Tomsk roadmaps, 67 schools, and a believable history.

Built through the real code paths — the bundled registry, the importer, the
set-based materialisation — so the demo shows what a coordinator's own
database would look like after a few years of use. Only the statuses are
synthetic: every assignment gets a story (see `stories`) relative to
`today`, written back in bulk with its StatusChange history.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select, text, update
from sqlmodel import Session, col

from roadmap_tui.demo.clock import at_ten
from roadmap_tui.demo.writer import apply_stories
from roadmap_tui.model.tables import Body, Document
from roadmap_tui.settings import recurrence_horizon

#: Schools of Tomsk in the demo registry (the city has about this many general-education schools).
CITY_SCHOOLS = 67
CITY = "Город Томск"

_NUMBER = re.compile(r"№\s*(\d+)")


def import_city(session: Session, today: date) -> int:
    """The bundled registry and roadmaps; return how many documents were imported."""
    from roadmap_tui.importer.bundled import bundled_documents
    from roadmap_tui.importer.store import import_paths
    from roadmap_tui.model.registry import read_registry, upsert_bodies
    from roadmap_tui.settings import BUNDLED_BODIES

    if BUNDLED_BODIES.exists():
        upsert_bodies(session, read_registry(BUNDLED_BODIES))
    return len(import_paths(bundled_documents(), session=session, horizon=recurrence_horizon(today)))


def fill_schools(session: Session, rng: random.Random, city: str = CITY,
                 wanted: int = CITY_SCHOOLS) -> int:
    """Add synthetic "МАОУ СОШ № N" (free numbers, lowest first) up to `wanted` schools."""
    known = session.execute(
        select(col(Body.short_name)).where(col(Body.kind) == "school",
                                          col(Body.municipality) == city)
    ).scalars().all()
    taken = {int(m.group(1)) for name in known if (m := _NUMBER.search(name))}
    missing = wanted - len(known)
    number = 0
    for _ in range(max(0, missing)):
        number += 1
        while number in taken:
            number += 1
        short = f"МАОУ СОШ № {number}"
        session.add(Body(code=f"school:{short}", full_name=short, short_name=short,
                         kind="school", municipality=city,
                         email=f"sosh{number}@example.org" if rng.random() < 0.8 else None))
    session.flush()
    return max(0, missing)


def stamp_documents(session: Session, rng: random.Random, today: date) -> dict[int, date]:
    """Deterministic import moments (a few days after each document's date, before today).

    The importer stamps rows with the wall clock; the demo replaces those
    stamps so that the same seed gives the same database.
    """
    created: dict[int, date] = {}
    documents = session.execute(select(col(Document.id), col(Document.doc_date)).order_by(col(Document.id)))
    for document_id, doc_date in documents.all():
        day = (doc_date or today - timedelta(days=365)) + timedelta(days=rng.randrange(1, 6))
        day = min(day, today - timedelta(days=1))
        created[document_id] = day
        session.execute(update(Document).where(col(Document.id) == document_id)
                        .values(imported_at=at_ten(day)))
    session.execute(text(
        "UPDATE document_version SET imported_at = (SELECT d.imported_at FROM document d"
        " WHERE d.id = document_version.document_id)"))
    session.execute(text(
        "UPDATE assignment SET updated_at = (SELECT d.imported_at FROM item i "
        "JOIN document d ON d.id = i.document_id WHERE i.id = assignment.item_id)"))
    return created


def generate_city(session: Session, *, seed: int, today: date,
                  progress: Callable[[str], None]) -> None:
    """Import, fill the registry, materialise, and tell every assignment's story."""
    from roadmap_tui.model.materialize import materialize_assignments

    rng = random.Random(seed)
    documents = import_city(session, today)
    progress(f"Город: импортировано документов {documents}")
    added = fill_schools(session, rng)
    created = materialize_assignments(session)
    progress(f"Город: добавлено школ {added}, новых назначений после пополнения реестра {created}")
    created_of = stamp_documents(session, rng, today)
    changed, events = apply_stories(session.connection(), rng, today, created_of)
    progress(f"Город: статусы изменены у {changed} назначений, записей истории {events}")
