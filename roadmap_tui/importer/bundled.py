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
    """Create and fill a new database (or migrate an older one); True if created now."""
    state = schema_state(url)
    if state == "outdated":
        from roadmap_tui.model.db import create_schema, make_engine

        engine = make_engine(url)
        try:
            create_schema(engine)
        finally:
            engine.dispose()
    if state != "missing":
        return False
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    from roadmap_tui.importer.store import import_paths
    from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
    from roadmap_tui.model.registry import read_registry, upsert_bodies

    engine = make_engine(url)
    try:
        create_schema(engine)
        with unit_of_work(engine) as session:
            if BUNDLED_BODIES.exists():
                upsert_bodies(session, read_registry(BUNDLED_BODIES))
            if with_roadmaps:
                import_paths(bundled_documents(), session=session, horizon=horizon)
    except BaseException:
        # A database left with tables but no data would pass for a ready one next time.
        engine.dispose()
        if path is not None:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    engine.dispose()
    return True
