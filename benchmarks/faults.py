"""The fault battery: kill -9, concurrent writers, fuzzed inputs — counted.

Each part runs the real product (the `roadmap` command in child processes,
real SQLite files, a real PostgreSQL server when given one) and counts what
must never happen: a corrupt database, a half-done import or change, a lost
or doubled status change, a crash (a traceback or "внутренняя ошибка").
The suite runs a small battery (tests/test_faults_*.py); this script runs a
bigger one and prints the figures.

    python -m benchmarks.faults [--kills 40] [--writers 2,4,8] [--changes 25]
                                [--fuzz 2000] [--seed 1] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = sorted((PROJECT / "data" / "roadmaps").glob("*.txt"))
REGISTRY = PROJECT / "data" / "bodies.csv"
HORIZON = date(2026, 12, 31)


@dataclass
class Counts:
    """What a battery saw; everything but `trials` must stay 0."""

    trials: int = 0
    corrupt: int = 0
    half: int = 0
    lost: int = 0
    doubled: int = 0
    stale: int = 0
    crashed: int = 0

    def add(self, other: Counts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def failures(self) -> int:
        return self.corrupt + self.half + self.lost + self.doubled + self.stale + self.crashed


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ROADMAP_DEBUG", None)
    env.setdefault("ROADMAP_USER", "battery")
    env["PYTHONPATH"] = str(PROJECT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def roadmap(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from roadmap_tui.cli import main; "
            "sys.exit(main(sys.argv[1:]))", *args]


def crashed(stderr: str) -> bool:
    return "Traceback" in stderr or "внутренняя ошибка" in stderr


# -- reference figures ------------------------------------------------------------------------
def reference(workdir: Path) -> list[dict[str, int]]:
    """The two states a killed import may leave: the first use done (schema and
    registry, one transaction) without the documents, or the whole import."""
    path, empty = workdir / "reference.db", workdir / "registry-only.db"
    for args in (("import", *map(str, SEEDS), "--db", str(path)), ("bodies", "--db", str(empty))):
        if not Path(args[-1]).exists():
            done = subprocess.run(roadmap(*args), env=child_env(), capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                raise RuntimeError(done.stderr)
    return [table_counts(path), table_counts(empty)]


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as con:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("body", "document", "item", "assignment")}


def integrity(path: Path) -> bool:
    with sqlite3.connect(path) as con:
        return bool(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def schema_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# -- kill -9 ----------------------------------------------------------------------------------
def kill_imports(workdir: Path, trials: int, seed: int) -> Counts:
    """`roadmap import` of the seeds into a new database, killed at a random moment.

    Afterwards the file is intact and holds either nothing of ours or the whole
    import (schema, registry, every document); a second import then completes it.
    """
    rng = random.Random(seed)
    complete, registry_only = reference(workdir)
    counts = Counts()
    for trial in range(trials):
        path = workdir / f"kill-import-{trial}.db"
        child = subprocess.Popen(roadmap("import", *map(str, SEEDS), "--db", str(path)),
                                 env=child_env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 2.0))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate()
        counts.trials += 1
        counts.crashed += crashed(err or "")
        if not path.exists():
            continue
        if not integrity(path):
            counts.corrupt += 1
            continue
        tables = schema_tables(path)
        if tables and table_counts(path) not in (complete, registry_only):
            counts.half += 1
            continue
        if not tables or table_counts(path) == registry_only:
            again = subprocess.run(roadmap("import", *map(str, SEEDS), "--db", str(path)),
                                   env=child_env(), capture_output=True, text=True, check=False)
            if again.returncode != 0 or table_counts(path) != complete:
                counts.half += 1
                counts.crashed += crashed(again.stderr)
    return counts


WORKER = """
import io, json, sys, time, contextlib
from roadmap_tui.cli import main
from roadmap_tui.cli import commands  # noqa: F401  (loaded before the start line)
url, start_at, name = sys.argv[1], float(sys.argv[2]), sys.argv[3]
ids, changes = json.loads(sys.argv[4]), int(sys.argv[5])
statuses = ["в работе", "запланировано"]
while time.time() < start_at:
    time.sleep(0.005)
codes, errors = [], []
for i in range(changes):
    target = ids[i % len(ids)]
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["status", str(target), statuses[i % 2], "--comment", f"{name}-{i}",
                     "--by", name, "--db", url])
    codes.append(code)
    if code:
        errors.append(err.getvalue().strip())
    print(json.dumps({"code": code, "error": err.getvalue().strip()}), flush=True)
"""


def kill_status(path: Path, trials: int, seed: int) -> Counts:
    """A writer changing statuses in a loop, killed at a random moment: every recorded
    change bumped its row's version exactly once, and the file is intact."""
    rng = random.Random(seed)
    counts = Counts()
    ids = _some_assignments(f"sqlite:///{path}", 4)
    for trial in range(trials):
        child = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), "0", f"kill{trial}", json.dumps(ids), "400"],
            env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.8, 2.5))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate()
        counts.trials += 1
        counts.crashed += crashed(err or "")
        if not integrity(path):
            counts.corrupt += 1
            continue
        counts.half += _version_mismatches(f"sqlite:///{path}", ids)
    return counts


# -- concurrent writers -----------------------------------------------------------------------
def hammer(url: str, writers: int, changes: int, *, targets: int = 3) -> Counts:
    """`writers` processes change the same few assignments at once, without
    --expect-version: every change applies (none stale), each is recorded once."""
    ids = _some_assignments(url, targets)
    before = _history_counts(url, ids)
    start_at = time.time() + 2.0 + 0.4 * writers  # all children loaded before anyone writes
    children = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(start_at), f"w{n}",
                          json.dumps(ids), str(changes)],
                         env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(writers)
    ]
    counts = Counts()
    applied = 0
    for child in children:
        out, err = child.communicate(timeout=600)
        counts.crashed += crashed(err) or child.returncode != 0
        for line in out.splitlines():
            result = json.loads(line)
            counts.trials += 1
            if result["code"] == 0:
                applied += 1
            elif "устарела" in result["error"]:
                counts.stale += 1
            else:
                counts.crashed += 1
    recorded = sum(_history_counts(url, ids).values()) - sum(before.values())
    counts.lost += max(0, applied - recorded)
    counts.doubled += max(0, recorded - applied)
    counts.half += _version_mismatches(url, ids)
    return counts


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    from roadmap_tui.model.connection import open_reader

    with open_reader(url) as reader:
        return [tuple(r) for r in reader.rows(sql)]


def _some_assignments(url: str, n: int) -> list[int]:
    return [int(str(r[0])) for r in _rows(url, f"SELECT id FROM assignment ORDER BY id LIMIT {n}")]


def _history_counts(url: str, ids: list[int]) -> dict[int, int]:
    found: dict[Any, Any] = dict(_rows(url, "SELECT assignment_id, COUNT(*) FROM status_change GROUP BY assignment_id"))
    return {i: int(str(found.get(i, 0))) for i in ids}


def _version_mismatches(url: str, ids: list[int]) -> int:
    """Rows whose version does not equal 1 + the changes recorded for them."""
    history = _history_counts(url, ids)
    versions: dict[Any, Any] = dict(_rows(url, "SELECT id, version FROM assignment"))
    return sum(int(str(versions[i])) != 1 + history[i] for i in ids)


# -- fuzzed inputs ----------------------------------------------------------------------------
_NASTY = [b'"', b"\r", b"\n", b"\x00", b"\x1b", b"\xe2\x80\xa8", b";", b",", b"\xff\xfe",
          "«".encode(), "№".encode(), b"\xd0", b"x" * 200_000, b"\t", b"\x7f"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """A few random edits of the kinds real files suffer."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        at = rng.randrange(len(out) + 1)
        if roll < 0.5:
            out[at:at] = rng.choice(_NASTY)
        elif roll < 0.7 and out:
            del out[at:at + rng.randint(1, 400)]
        elif roll < 0.85 and out:
            out[at:at + 1] = bytes([rng.randrange(256)])
        else:
            out = bytearray(rng.choice([b"\xff\xfe", b"\xef\xbb\xbf", b""]) + bytes(out))
    if rng.random() < 0.1:
        out = bytearray(bytes(out).decode("utf-8", "replace").encode(rng.choice(["utf-16", "cp1251"]),
                                                                          "replace"))
    return bytes(out)


def fuzz(workdir: Path, examples: int, seed: int) -> Counts:
    """Mutated registries and roadmaps: each is loaded or refused in Russian, never crashes."""
    from sqlmodel import Session

    from roadmap_tui.errors import RoadmapError
    from roadmap_tui.importer.bundled import ensure_database
    from roadmap_tui.importer.store import import_paths
    from roadmap_tui.model.db import make_engine
    from roadmap_tui.model.registry import load_registry, read_registry

    rng = random.Random(seed)
    url = f"sqlite:///{workdir / 'fuzz.db'}"
    ensure_database(url, horizon=HORIZON, with_roadmaps=False)
    engine = make_engine(url)
    originals = [REGISTRY.read_bytes(), *(p.read_bytes() for p in SEEDS)]
    counts = Counts()
    target = workdir / "fuzzed"
    try:
        for n in range(examples):
            which = rng.randrange(len(originals))
            target.with_suffix(".csv" if which == 0 else ".txt").write_bytes(
                mutate(rng, originals[which]))
            counts.trials += 1
            try:
                with Session(engine) as session:
                    if which == 0:
                        load_registry(session, read_registry(target.with_suffix(".csv")))
                    else:
                        import_paths([target.with_suffix(".txt")], session=session, horizon=HORIZON)
                    session.rollback()
            except RoadmapError:
                pass
            except Exception as error:  # noqa: BLE001  (that is what is counted)
                counts.crashed += 1
                if os.environ.get("FAULTS_VERBOSE"):
                    print(f"  fuzz #{n}: {type(error).__name__}: {error}"[:300], file=sys.stderr)
    finally:
        engine.dispose()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--writers", default="2,4,8")
    parser.add_argument("--changes", type=int, default=25)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=None,
                        help="a PostgreSQL URL (postgresql://…/db), or 'auto': a "
                             "throwaway server from Debian's binaries (tests/pgserver.py)")
    args = parser.parse_args(argv)
    if args.pg == "auto":
        sys.path.insert(0, str(PROJECT / "tests"))
        from pgserver import admin_sql, postgres_server

        with postgres_server() as base:
            if base is None:
                raise SystemExit("no PostgreSQL server binaries here")
            admin_sql(base, 'CREATE DATABASE "faults"')
            args.pg = f"{base}/faults"
            return _battery(args)
    return _battery(args)


def _battery(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="roadmap-faults-"))
    total = Counts()
    try:
        report = [("kill -9 roadmap import", kill_imports(workdir, args.kills, args.seed))]
        populated = workdir / "reference.db"
        shutil.copy(populated, workdir / "status.db")
        report.append(("kill -9 roadmap status", kill_status(workdir / "status.db", args.kills,
                                                            args.seed)))
        for writers in (int(w) for w in args.writers.split(",")):
            copy = workdir / f"hammer{writers}.db"
            shutil.copy(populated, copy)
            report.append((f"{writers} writers, SQLite",
                           hammer(f"sqlite:///{copy}", writers, args.changes)))
            if args.pg:
                from roadmap_tui.importer.bundled import ensure_database

                ensure_database(args.pg, horizon=HORIZON, with_roadmaps=True)
                report.append((f"{writers} writers, PostgreSQL", hammer(args.pg, writers, args.changes)))
        report.append(("fuzzed registry/roadmap files", fuzz(workdir, args.fuzz, args.seed)))
        print(f"{'battery':32} {'trials':>7} {'corrupt':>7} {'half':>5} {'lost':>5} {'doubled':>7} "
              f"{'stale':>5} {'crashed':>7}")
        for name, counts in report:
            total.add(counts)
            print(f"{name:32} {counts.trials:>7} {counts.corrupt:>7} {counts.half:>5} {counts.lost:>5} "
                  f"{counts.doubled:>7} {counts.stale:>5} {counts.crashed:>7}")
        print(f"{'total':32} {total.trials:>7} {total.corrupt:>7} {total.half:>5} {total.lost:>5} "
              f"{total.doubled:>7} {total.stale:>5} {total.crashed:>7}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if total.failures() else 0


if __name__ == "__main__":
    raise SystemExit(main())
