"""The same assignments as Taskwarrior tasks, and the same questions asked of Taskwarrior.

Taskwarrior is the closest tool a coordinator could use instead: one task per
assignment, read from the roadmap database with sqlite3 and loaded with
`task import`, in a private TASKRC/TASKDATA so no user's tasks, hooks or
settings take part. The mapping:

    description = item title       project = the document (its file name)
    tag b<body id> = the body      due = due date, local midnight in Asia/Tomsk
    status: planned / in progress / postponed → pending, done → completed,
            cancelled → deleted (with `end` = completion or last change)

Taskwarrior compares +OVERDUE with the wall clock, while the demo is dated
as of `--as-of`, so the questions filter on explicit dates instead
(`status:pending due.before:2026-12-01` is +OVERDUE on 01.12.2026); both
read the same pending file. After the import, undo.data and backlog.data are
emptied: the import is setup, and `task undo` should read only its own change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.processes import Run, run_once

TOMSK = ZoneInfo("Asia/Tomsk")
_NAMESPACE = uuid.UUID("6f1d7a52-3c1e-4c57-9a0e-5b8f0f1c2d3e")
_STATUS = {"planned": "pending", "in_progress": "pending", "postponed": "pending",
           "done": "completed", "cancelled": "deleted"}
_TASKS_SQL = """
    SELECT a.id, i.title, d.source_name, a.body_id, a.due_on, a.status, a.completed_on,
           a.updated_at, d.imported_at
    FROM assignment a JOIN item i ON i.id = a.item_id JOIN document d ON d.id = i.document_id
    WHERE ? IS NULL OR d.source_name = ?
    ORDER BY a.id"""
RC = """data.location={data}
confirmation=off
hooks=off
verbose=nothing
json.array=on
news.version=2.6.2
"""


def binary() -> str | None:
    """The `task` program, if installed."""
    return shutil.which("task")


@lru_cache(maxsize=4096)
def _stamp(day: str) -> str:
    """A date as Taskwarrior's UTC stamp of that day's midnight in Tomsk."""
    local = datetime.combine(date.fromisoformat(day[:10]), time(), TOMSK)
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc(moment: str) -> str:
    return datetime.fromisoformat(moment[:19]).strftime("%Y%m%dT%H%M%SZ")


def _project(source_name: str) -> str:
    # Dots make a project hierarchy and spaces need quoting on the command line.
    return re.sub(r"[\s.]+", "_", Path(source_name).stem).strip("_") or "plan"


def tasks(db: Path, document: str | None = None) -> Iterator[dict[str, object]]:
    """One Taskwarrior task per assignment of the roadmap database (or of one document)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for (ident, title, source, body, due, status, completed, updated,
             entered) in connection.execute(_TASKS_SQL, (document, document)):
            task: dict[str, object] = {
                "uuid": str(uuid.uuid5(_NAMESPACE, f"assignment:{ident}")),
                "description": title, "project": _project(source), "tags": [f"b{body}"],
                "status": _STATUS[status], "entry": _utc(entered)}
            if due:
                task["due"] = _stamp(due)
            if task["status"] != "pending":
                task["end"] = _stamp(completed) if completed else _utc(updated)
            yield task
    finally:
        connection.close()


def write_tasks(db: Path, out: Path, document: str | None = None) -> int:
    """Write the tasks as a JSON array, one task a line; return how many."""
    count = 0
    with out.open("w", encoding="utf-8") as sink:
        sink.write("[\n")
        for task in tasks(db, document):
            sink.write(("," if count else "") + json.dumps(task, ensure_ascii=False) + "\n")
            count += 1
        sink.write("]\n")
    return count


@dataclass
class Taskwarrior:
    """A private Taskwarrior: its rc file and data folder under `root`."""

    root: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "TASKRC": str(self.root / "taskrc"),
                "TASKDATA": str(self.root / "data"), "TZ": "Asia/Tomsk"}

    def command(self, *words: str) -> list[str]:
        return [binary() or "task", *words]

    def run(self, *words: str, timeout: float | None = None) -> Run:
        return run_once(self.command(*words), env=self.env, timeout=timeout)

    def fresh(self) -> None:
        """An empty data folder and the rc file."""
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "data").mkdir(parents=True)
        (self.root / "taskrc").write_text(RC.format(data=self.root / "data"), encoding="utf-8")

    def load(self, tasks_json: Path, timeout: float) -> Run:
        """`task import` of the file into this (fresh) Taskwarrior; the history of it is dropped."""
        run = self.run("import", str(tasks_json), timeout=timeout)
        for name in ("undo.data", "backlog.data"):
            (self.root / "data" / name).write_bytes(b"")
        return run

    def pending(self, timeout: float | None = None) -> int | None:
        """How many pending tasks (also the id of the last one, which `done`/`undo` keep last)."""
        run = self.run("status:pending", "count", timeout=timeout)
        return int(run.stdout.strip()) if run.ok and run.stdout.strip().isdigit() else None


def questions(target: int, body_id: int, as_of: date) -> dict[str, list[list[str]]]:
    """The Taskwarrior words for each question of `benchmarks.versus`, by key."""
    overdue = ["status:pending", f"due.before:{as_of:%Y-%m-%d}"]
    within = ["status:pending", f"due.after:{as_of - timedelta(days=1):%Y-%m-%d}",
              f"due.before:{as_of + timedelta(days=15):%Y-%m-%d}"]
    return {
        "status": [[str(target), "done"], ["undo"]],
        "overdue": [[*overdue, "count"]],
        "overdue-json": [[*overdue, "export"]],
        "overdue-body": [[*overdue, f"+b{body_id}", "export"]],
        "due": [[*within, "export"]],
        "bodies": [["tags"]],
    }
