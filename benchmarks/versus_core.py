"""What the side-by-side benchmark shares: its settings, the questions, the rows and the table.

Every figure is printed next to the command that reproduces it, and a
failed or timed-out command becomes "—" with its reason underneath: the
benchmark goes on, because one slow tool must not hide the others' figures.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.processes import Timing, measure, run_once, shell_line


def parse_size(text: str) -> int:
    """'10k' → 10,000; '1m' → 1,000,000; '2500' → 2,500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


@dataclass
class Setup:
    """The run's settings, as given on the command line."""

    roadmap: str
    workdir: Path
    as_of: date
    runs: int
    timeout: float
    build_timeout: float
    reuse: bool

    @property
    def env(self) -> dict[str, str]:
        # No user's settings file takes part; status and undo need a user.
        return {**os.environ, "ROADMAP_USER": "bench",
                "XDG_CONFIG_HOME": str(self.workdir / "no-config")}

    def roadmap_command(self, *words: str, db: str, dated: bool = False) -> list[str]:
        tail = ["--as-of", f"{self.as_of:%d.%m.%Y}"] if dated else []
        return [self.roadmap, *words, "--db", db, *tail]

    def demo(self, db: str, size: int) -> tuple[list[str], float | None, str | None]:
        """Build the deterministic region demo at `db`; (command, seconds or None, failure)."""
        command = self.roadmap_command("demo", "--scale", "region", "--size", str(size),
                                       db=db, dated=True)
        run = run_once(command, env=self.env, timeout=self.build_timeout)
        if not run.ok:
            reason = "over the time bound" if run.timed_out else run.stderr.strip()[-400:]
            return command, None, reason
        return command, run.ms / 1000, None


#: (key, label as the issue names it) in the order the table shows them.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("status", "status ID выполнено"), ("undo", "undo"), ("overdue", "overdue"),
    ("overdue-json", "overdue --json --limit 0"), ("overdue-body", "overdue --body X --json"),
    ("due", "due --within 14"), ("bodies", "bodies"),
)


def roadmap_questions(setup: Setup, db: str, target: int, body: str,
                      keys: tuple[str, ...] | None = None) -> dict[str, list[list[str]]]:
    """The roadmap_tui command lines for each question (status and undo are one pair)."""
    asked = {
        "status": [setup.roadmap_command("status", str(target), "выполнено", db=db),
                   setup.roadmap_command("undo", db=db)],
        "overdue": [setup.roadmap_command("overdue", db=db, dated=True)],
        "overdue-json": [setup.roadmap_command("overdue", "--json", "--limit", "0", db=db,
                                               dated=True)],
        # --limit 0: the whole answer, as Taskwarrior's export gives it (the default page is 200).
        "overdue-body": [setup.roadmap_command("overdue", "--body", body, "--json", "--limit", "0",
                                               db=db, dated=True)],
        "due": [setup.roadmap_command("due", "--within", "14", db=db, dated=True)],
        "bodies": [setup.roadmap_command("bodies", db=db)],
    }
    return {key: steps for key, steps in asked.items() if keys is None or key in keys}


def ask(steps_by_key: dict[str, list[list[str]]], setup: Setup, env: dict[str, str]
        ) -> dict[str, Timing]:
    """Time every question; the status/undo pair gives two entries."""
    found: dict[str, Timing] = {}
    for key, steps in steps_by_key.items():
        timings = measure(steps, runs=setup.runs, env=env, timeout=setup.timeout)
        found[key] = timings[0]
        if key == "status":
            found["undo"] = timings[1]
    return found


def probe_sqlite(db: Path) -> tuple[int, str, int, int]:
    """(first planned assignment, first school's code and id, assignments) of a roadmap file."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return probe(connection)
    finally:
        connection.close()


def probe(connection: object) -> tuple[int, str, int, int]:
    """The same, through any DB-API connection (sqlite3 or psycopg2)."""
    cursor = connection.cursor()  # type: ignore[attr-defined]

    def one(sql: str) -> tuple[object, ...]:
        cursor.execute(sql)
        return tuple(cursor.fetchone())

    target = one("SELECT id FROM assignment WHERE status = 'planned' ORDER BY id LIMIT 1")[0]
    code, body_id = one("SELECT code, id FROM body WHERE kind = 'school' ORDER BY id LIMIT 1")
    total = one("SELECT count(*) FROM assignment")[0]
    return int(target), str(code), int(body_id), int(total)  # type: ignore[call-overload]


@dataclass
class Row:
    """One line of the table: a question at one size, for both tools."""

    label: str
    size: str
    ours: Timing | None
    theirs: Timing | None = None
    theirs_missing: str = "—"
    notes: list[str] = field(default_factory=list)


def _ms(timing: Timing | None) -> str:
    return "—" if timing is None or timing.ms is None else f"{timing.ms:,.0f}"


def _mib(timing: Timing | None) -> str:
    return "—" if timing is None or timing.peak_mib is None else f"{timing.peak_mib:,.0f}"


def print_table(title: str, rows: list[Row], ours_name: str = "roadmap_tui",
                theirs_name: str = "Taskwarrior") -> None:
    """The figures, then for each row the commands that reproduce them and any failure."""
    print(f"\n{title}")
    width = max([28, *(len(row.label) for row in rows)])
    print(f"{'command':{width}} {'size':>10} {ours_name + ' ms':>15} {'MiB':>5} {theirs_name + ' ms':>15} "
          f"{'MiB':>5} {'ratio':>7}")
    for row in rows:
        ratio = "—"
        if row.ours and row.theirs and row.ours.ms and row.theirs.ms:
            ratio = f"{row.theirs.ms / row.ours.ms:.2f}"
        theirs = _ms(row.theirs) if row.theirs else row.theirs_missing
        print(f"{row.label:{width}} {row.size:>10} {_ms(row.ours):>15} {_mib(row.ours):>5} "
              f"{theirs:>15} {_mib(row.theirs):>5} {ratio:>7}")
    print(f"(ratio = {theirs_name} ms ÷ {ours_name} ms: above 1, {ours_name} is faster; "
          "median of the runs, peak RSS of the largest run)")
    print("Reproduce:")
    for row in rows:
        for side, timing in ((ours_name, row.ours), (theirs_name, row.theirs)):
            if timing is None:
                continue
            print(f"  [{row.size} {row.label}] {side}: {timing.command}")
            if timing.failure:
                print(f"      failed: {timing.failure}")
        for note in row.notes:
            print(f"      {note}")


def figure(label: str, seconds: float | None, command: list[str] | str,
           env: dict[str, str] | None = None, failure: str | None = None) -> None:
    """One figure on its own line with the command that gives it."""
    line = command if isinstance(command, str) else shell_line(command, env)
    shown = "—" if seconds is None else f"{seconds:,.1f} s"
    print(f"  {label}: {shown}\n      $ {line}" + (f"\n      failed: {failure}" if failure else ""))
