"""The closing step and the Russian summary `roadmap demo` prints.

ANALYZE after a bulk load matters: without statistics SQLite's planner can
pick the wrong index for `roadmap overdue` on a million rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from roadmap_tui.model.statuses import OPEN_SQL, STATUS_LABELS, Status
from roadmap_tui.settings import sqlite_path


def finish(engine: Engine) -> None:
    """Planner statistics and, for SQLite, a checkpointed, compact WAL."""
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def describe(engine: Engine, url: str, *, label: str, seed: int, today: date,
             seconds: float) -> str:
    """Counts by table and status, overdue as of today, time taken, file size."""
    with engine.connect() as connection:
        def one(sql: str, **params: object) -> int:
            return int(connection.execute(text(sql), params).scalar_one())

        counts = {name: one(f"SELECT COUNT(*) FROM {name}") for name in
                  ("body", "document", "item", "assignment", "status_change")}
        schools = one("SELECT COUNT(*) FROM body WHERE kind = 'school'")
        overdue = one(f"SELECT COUNT(*) FROM assignment WHERE status IN ({OPEN_SQL}) "
                      "AND due_on < :today", today=today)
        by_status: dict[str, int] = {
            str(status): int(n) for status, n in connection.execute(
                text("SELECT status, COUNT(*) FROM assignment GROUP BY status")).all()}
    statuses = ", ".join(f"{STATUS_LABELS[s]} {_n(by_status.get(s.value, 0))}"
                         for s in Status)
    lines = [
        f"Демонстрационная база ({label}, seed {seed}, на {today:%d.%m.%Y}): "
        f"{make_url(url).render_as_string(hide_password=True)}",
        f"  ответственных {_n(counts['body'])} (школ {_n(schools)}), документов "
        f"{_n(counts['document'])}, мероприятий {_n(counts['item'])}",
        f"  назначений {_n(counts['assignment'])}, записей истории {_n(counts['status_change'])}",
        f"  статусы: {statuses}; просрочено {_n(overdue)}",
        f"  создано за {seconds:.1f} с".replace(".", ","),
    ]
    path = sqlite_path(url)
    if path is not None and path.exists():
        lines[-1] += f", размер файла {path.stat().st_size / 2**20:.0f} МБ"
    return "\n".join(lines)
