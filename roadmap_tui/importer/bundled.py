"""First run: create the schema, load the body registry, import the bundled roadmaps.

A new database is useful at once: the coordinator types `roadmap` and sees
the city's roadmaps. Checking whether that is needed costs one sqlite3 query,
so every command can afford to ask (see `model.probe`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from roadmap_tui.model.probe import schema_state
from roadmap_tui.settings import BUNDLED_BODIES, BUNDLED_ROADMAPS, sqlite_path


def bundled_documents() -> list[Path]:
    """The roadmaps shipped in data/roadmaps, in file-name order."""
    return sorted(BUNDLED_ROADMAPS.glob("*.txt"))


def ensure_database(url: str, *, horizon: date, with_roadmaps: bool) -> bool:
    """Create and fill a new database (or migrate an older one); True if created now.

    One transaction (see `model.schema.bootstrap`): a failure or a kill leaves
    nothing half made, and nothing is ever deleted — the file may not be ours.
    """
    if schema_state(url) == "current":
        return False
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    from sqlmodel import Session

    from roadmap_tui.importer.store import import_paths
    from roadmap_tui.model.db import make_engine
    from roadmap_tui.model.registry import read_registry, upsert_bodies
    from roadmap_tui.model.schema import bootstrap

    def fill(session: Session) -> None:
        if BUNDLED_BODIES.exists():
            upsert_bodies(session, read_registry(BUNDLED_BODIES))
        if with_roadmaps:
            import_paths(bundled_documents(), session=session, horizon=horizon)

    engine = make_engine(url)
    try:
        return bootstrap(engine, fill)
    finally:
        engine.dispose()
