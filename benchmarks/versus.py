"""roadmap_tui side by side with Taskwarrior (and PostgreSQL) on the same data, in one run.

At each size the deterministic region demo is built (`roadmap demo --scale
region --size N`), the same assignments are loaded into a private Taskwarrior
when `task` is installed, and both are asked the same questions as whole
processes (start-up included; median of --runs after a warm-up; peak RSS per
process). Then, optionally, the same in PostgreSQL, and the import of
synthetic documents (benchmarks.docgen) against `task import` of as many tasks.

    python -m benchmarks.versus [--sizes 10k,100k,1m] [--runs 5] [--reuse]
        [--prebuilt 1m=/tmp/region-pristine.db] [--pg auto|URL] [--import-sizes 10k,100k]

Files go to --workdir (default /tmp/roadmap-versus); --reuse keeps the
databases and Taskwarrior folders found there instead of building them anew.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from benchmarks import taskwarrior
from benchmarks.processes import Timing, run_once
from benchmarks.versus_core import (
    QUESTIONS,
    Row,
    Setup,
    ask,
    figure,
    parse_size,
    print_table,
    probe_sqlite,
    roadmap_questions,
)


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def roadmap_database(setup: Setup, label: str, size: int, prebuilt: dict[str, Path]) -> Path | None:
    """The roadmap database of this size: reused, copied from a prebuilt one, or built."""
    path = setup.workdir / f"roadmap-{label}.db"
    if setup.reuse and path.exists():
        print(f"  roadmap_tui {label}: reusing {path}")
        return path
    path.unlink(missing_ok=True)
    if label in prebuilt:
        shutil.copyfile(prebuilt[label], path)  # the original stays untouched (status/undo write)
        print(f"  roadmap_tui {label}: copied from {prebuilt[label]}")
        return path
    progress(f"building the {label} demo")
    command, seconds, failure = setup.demo(str(path), size)
    figure(f"roadmap demo, {label}", seconds, command, failure=failure)
    return path if failure is None else None


def taskwarrior_data(setup: Setup, label: str, db: Path) -> tuple[taskwarrior.Taskwarrior | None, str]:
    """The Taskwarrior twin of the database, or None and why not."""
    if taskwarrior.binary() is None:
        return None, "not installed"
    tw = taskwarrior.Taskwarrior(setup.workdir / f"taskwarrior-{label}")
    if setup.reuse and (tw.root / "data" / "pending.data").exists():
        print(f"  Taskwarrior {label}: reusing {tw.root}")
        return tw, ""
    progress(f"exporting {label} to Taskwarrior JSON")
    tasks_json = setup.workdir / f"tasks-{label}.json"
    started = datetime.now()
    count = taskwarrior.write_tasks(db, tasks_json)
    print(f"  tasks JSON from {db.name}: {count:,} tasks in "
          f"{(datetime.now() - started).total_seconds():.1f} s (benchmarks.taskwarrior.write_tasks)")
    tw.fresh()
    progress(f"task import of {count:,} tasks")
    run = tw.load(tasks_json, setup.build_timeout)
    failure = None if run.ok else ("over the time bound" if run.timed_out else run.stderr[-400:])
    figure(f"task import, {label} ({count:,} tasks)", run.ms / 1000 if run.ok else None,
           tw.command("import", str(tasks_json)), tw.env, failure)
    return (tw, "") if run.ok else (None, "—")


def _count_from(timing: Timing | None, how: str) -> int | None:
    """The number of answers a finished command printed ('json-total', 'json-list', 'int', 'text')."""
    if timing is None or timing.failure or timing.last is None:
        return None
    out = timing.last.stdout
    try:
        if how == "json-total":
            return int(json.loads(out)["total"])
        if how == "json-list":
            return len(json.loads(out))
        if how == "int":
            return int(out.strip())
        tail = out.splitlines()[0].rsplit(":", 1)[1]  # "Срок с … по …: 1 165"
        return int("".join(ch for ch in tail if ch.isdigit()))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def agreement(ours: dict[str, Timing], theirs: dict[str, Timing]) -> list[str]:
    """Do both tools give the same number of answers? One line per question."""
    pairs = (("overdue", "overdue-json", "json-total", "overdue", "int"),
             ("overdue list", "overdue-json", "json-total", "overdue-json", "json-list"),
             ("overdue of body X", "overdue-body", "json-total", "overdue-body", "json-list"),
             ("due within 14 days", "due", "text", "due", "json-list"))
    lines = []
    for name, our_key, our_how, their_key, their_how in pairs:
        a, b = _count_from(ours.get(our_key), our_how), _count_from(theirs.get(their_key), their_how)
        verdict = "same" if a == b and a is not None else "DIFFERENT"
        lines.append(f"answers, {name}: roadmap_tui {a}, Taskwarrior {b} ({verdict})")
    return lines


def one_size(setup: Setup, label: str, size: int, prebuilt: dict[str, Path]) -> list[Row]:
    """Both tools at one size: build, ask, compare."""
    print(f"\n== {label}: {size:,} assignments")
    db = roadmap_database(setup, label, size, prebuilt)
    if db is None:
        return [Row(text, label, None) for _, text in QUESTIONS]
    target, body, body_id, total = probe_sqlite(db)
    print(f"  {db}: {total:,} assignments; status/undo on №{target}; body X = {body} (id {body_id})")
    progress(f"timing roadmap_tui at {label}")
    ours = ask(roadmap_questions(setup, str(db), target, body), setup, setup.env)
    tw, missing = taskwarrior_data(setup, label, db)
    theirs: dict[str, Timing] = {}
    if tw is not None:
        last = tw.pending(timeout=setup.timeout)
        if last is None:
            missing = "—"
        else:
            progress(f"timing Taskwarrior at {label} ({last:,} pending)")
            words = taskwarrior.questions(last, body_id, setup.as_of)
            theirs = ask({k: [tw.command(*w) for w in steps] for k, steps in words.items()},
                         setup, tw.env)
    rows = [Row(text, label, ours.get(key), theirs.get(key), missing) for key, text in QUESTIONS]
    if theirs:
        rows[-1].notes.extend(agreement(ours, theirs))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k,100k,1m")
    parser.add_argument("--runs", type=int, default=5, help="measured runs after one warm-up")
    parser.add_argument("--as-of", default="01.12.2026")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/roadmap-versus"))
    parser.add_argument("--reuse", action="store_true",
                        help="use the databases and Taskwarrior folders already in --workdir")
    parser.add_argument("--prebuilt", action="append", default=[], metavar="SIZE=PATH",
                        help="copy this roadmap database instead of building that size")
    parser.add_argument("--roadmap", default=str(Path(sys.executable).parent / "roadmap"),
                        help="the console script to time")
    parser.add_argument("--timeout", type=float, default=120,
                        help="time bound of one timed command, s")
    parser.add_argument("--build-timeout", type=float, default=1800,
                        help="time bound of one build or import, s")
    parser.add_argument("--pg", default=None, help="'auto' or a postgresql://…/db URL")
    parser.add_argument("--pg-size", default="1m")
    parser.add_argument("--import-sizes", default=None,
                        help="sizes for the import of synthetic documents (default: --sizes; "
                             "'none' to skip)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    setup = Setup(roadmap=args.roadmap, workdir=args.workdir,
                  as_of=datetime.strptime(args.as_of, "%d.%m.%Y").date(), runs=args.runs,
                  timeout=args.timeout, build_timeout=args.build_timeout, reuse=args.reuse)
    setup.workdir.mkdir(parents=True, exist_ok=True)
    prebuilt = {label.lower(): Path(path) for label, path in
                (item.split("=", 1) for item in args.prebuilt)}
    sizes = [(label.strip().lower(), parse_size(label)) for label in args.sizes.split(",")]
    version = run_once([taskwarrior.binary() or "true", "--version"]).stdout.strip()
    print(f"roadmap_tui: {setup.roadmap}; Taskwarrior: "
          f"{version if taskwarrior.binary() else 'not installed: skipped'}; "
          f"{setup.runs} runs after a warm-up; as of {setup.as_of:%d.%m.%Y}; bound {setup.timeout:.0f} s")
    rows: list[Row] = []
    try:
        for label, size in sizes:
            rows.extend(one_size(setup, label, size, prebuilt))
    finally:
        print_table("roadmap_tui vs Taskwarrior (whole processes)", rows)
    failed = False
    if args.pg:
        from benchmarks.versus_pg import postgres_rows

        failed |= not _section(lambda: print_table(
            "roadmap_tui on SQLite vs on PostgreSQL (whole processes)",
            postgres_rows(setup, args.pg, args.pg_size, rows), ours_name="SQLite",
            theirs_name="PostgreSQL"))
    import_sizes = args.import_sizes or args.sizes
    if import_sizes != "none":
        from benchmarks.versus_import import import_figures

        biggest = max(sizes, key=lambda s: s[1])[0]
        failed |= not _section(lambda: import_figures(
            setup, [(lbl.strip().lower(), parse_size(lbl)) for lbl in import_sizes.split(",")],
            setup.workdir / f"roadmap-{biggest}.db", setup.workdir / f"taskwarrior-{biggest}"))
    return 1 if failed else 0


def _section(body: Callable[[], None]) -> bool:
    """Run one section; an error in it is printed and the next section still runs."""
    try:
        body()
    except Exception as error:  # noqa: BLE001 — a benchmark reports and goes on
        print(f"\nsection failed: {type(error).__name__}: {error}")
        traceback.print_exc()
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
