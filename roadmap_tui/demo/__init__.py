"""`roadmap demo`: a deterministic synthetic dataset, city or region scale.

The city is the seeds' Tomsk with a few years of believable work on it; the
region is a million assignments for load and performance work. Both are a
pure function of (scale, seed, today, size): no wall clock, one seeded
generator, so a bug report can say "roadmap demo --seed 7" and be reproduced
exactly. Demo data only ever goes into a missing or empty database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from roadmap_tui.errors import BadInput

SCALES = ("city", "region", "bench100k")
_LABELS = {"city": "город", "region": "регион", "bench100k": "регион (100 тыс.)"}


def generate(db_url: str, *, scale: str, seed: int, today: date,
             progress: Callable[[str], None] = print, size: int | None = None) -> str:
    """Create the demo database at `db_url`; return a short Russian report.

    `size` (region scales only) is the number of assignments to aim for; the
    default is 1,000,000 for "region" and 100,000 for "bench100k".
    """
    if scale not in SCALES:
        raise BadInput(f"Неизвестный масштаб «{scale}» (допустимо: {', '.join(SCALES)}).")
    if size is not None and (scale == "city" or size < 1):
        raise BadInput("--size задаёт число назначений региона (целое больше нуля).")
    from roadmap_tui.demo.guard import ensure_empty
    from roadmap_tui.demo.report import describe, finish
    from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
    from roadmap_tui.settings import sqlite_path

    path = sqlite_path(db_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    engine = make_engine(db_url)
    try:
        ensure_empty(engine, db_url)
        create_schema(engine)
        _bulk_mode(engine)
        progress(f"Создаю демонстрационные данные: {_LABELS[scale]}, seed {seed}, "
                 f"на {today:%d.%m.%Y}")
        if scale == "city":
            from roadmap_tui.demo.city import generate_city

            with unit_of_work(engine) as session:
                generate_city(session, seed=seed, today=today, progress=progress)
        else:
            from roadmap_tui.demo.region import SIZES, generate_region

            generate_region(engine, seed=seed, today=today, size=size or SIZES[scale],
                            progress=progress)
        progress("Обновляю статистику планировщика (ANALYZE)…")
        finish(engine)
        return describe(engine, db_url, label=_LABELS[scale], seed=seed, today=today,
                        seconds=time.perf_counter() - started)
    finally:
        engine.dispose()


def _bulk_mode(engine: object) -> None:
    """SQLite: skip fsync while generating (a crash leaves an empty file to delete, no harm).

    Applied to every new connection of this engine only; the CLI and the TUI
    open their own connections with the normal settings.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    assert isinstance(engine, Engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB: the indexes stay in memory
        cursor.close()

    engine.dispose()  # connections opened so far (the emptiness check) had the old settings
