"""Export figures at a region's million assignments (issues 5 and 13): time and peak memory per command.

    .venv/bin/roadmap demo --scale region --db /tmp/region.db --as-of 01.12.2026   # once, ~1M assignments
    .venv/bin/python benchmarks/export_bench.py --db /tmp/region.db [--runs 3]

(without the database the script makes it first, the same way). Each
figure is a whole `roadmap` process, as a user runs it, timed from the
outside; the peak is its largest resident set (the kernel's accounting of
the process and the workers it waited for, what `/usr/bin/time -v` prints as
"Maximum resident set size"). Measured:

- full: `roadmap export ics` into an empty directory (every feed);
- incremental: one status change (`roadmap status ID …`), then the same export again;
- digests: `roadmap digest --all --format eml`.

The median of `--runs` runs is printed (the machine is shared: quote medians,
and compare with the old code in the same sitting, `--roadmap` naming another
checkout's command), with each command to repeat by hand. The database is changed (one status, back and forth): give
it a copy. Goals (issue 13): full < 30 s, incremental < 1 s, digests < 10 s,
every command < 256 MiB. Nothing here is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"full": 30.0, "incremental": 1.0, "digests": 10.0}
PEAK_MIB = 256


def _roadmap() -> str:
    beside = Path(sys.executable).parent / "roadmap"
    return str(beside) if beside.exists() else shutil.which("roadmap") or "roadmap"


def _measure(command: list[str]) -> tuple[float, float]:
    """Run `command` to the end: (wall seconds, peak resident MiB of it and the workers it waited for)."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1: some body's output failed, reported by the command itself
            stderr.seek(0)
            raise SystemExit(f"{shlex.join(command)} failed ({code}): {stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def _open_assignment(db: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        row = c.execute("SELECT id FROM assignment WHERE status = 'planned' AND due_on IS NOT NULL"
                        " ORDER BY id LIMIT 1").fetchone()
    if row is None:
        raise SystemExit(f"{db}: no planned dated assignment to change")
    return int(row[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/region.db", help="a copy of a region database (it is changed)")
    parser.add_argument("--as-of", default="01.12.2026")
    parser.add_argument("--out", default="/tmp/roadmap-export-bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roadmap", default=_roadmap(),
                        help="the `roadmap` to time (another checkout's, to compare in one sitting)")
    args = parser.parse_args()
    if not Path(args.db).is_file():  # made once, as the docstring's first line does (a few minutes)
        subprocess.run([args.roadmap, "demo", "--scale", "region", "--db", args.db, "--as-of", args.as_of],
                       check=True)
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as c:
        (assignments,) = c.execute("SELECT COUNT(*) FROM assignment").fetchone()
    print(f"dataset: {assignments:,} assignments ({args.db}), as of {args.as_of}, {os.cpu_count()} CPUs, "
          f"median of {args.runs}")
    roadmap, out = args.roadmap, Path(args.out)
    feeds, digests = out / "feeds", out / "digests"
    export = [roadmap, "export", "ics", "--db", args.db, "--as-of", args.as_of, "--out", str(feeds)]
    digest = [roadmap, "digest", "--all", "--format", "eml", "--db", args.db, "--as-of", args.as_of,
              "--out", str(digests)]
    target = _open_assignment(args.db)
    figures: dict[str, list[tuple[float, float]]] = {"full": [], "incremental": [], "digests": []}
    for run in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        figures["full"].append(_measure(export))
        status = "в работе" if run % 2 == 0 else "запланировано"
        subprocess.run([roadmap, "status", str(target), status, "--db", args.db], check=True,
                       stdout=subprocess.DEVNULL)
        figures["incremental"].append(_measure(export))
        figures["digests"].append(_measure(digest))
    if args.runs % 2:  # leave the assignment as it was
        subprocess.run([roadmap, "status", str(target), "запланировано", "--db", args.db], check=True,
                       stdout=subprocess.DEVNULL)
    timed = f"/usr/bin/time -v {shlex.join(export)}"
    commands = {"full": f"rm -rf {feeds} && {timed}",
                "incremental": f"{roadmap} status {target} 'в работе' --db {args.db} && {timed}",
                "digests": f"/usr/bin/time -v {shlex.join(digest)}"}
    for phase, runs in figures.items():
        seconds = statistics.median(s for s, _ in runs)
        peak = max(m for _, m in runs)
        print(f"{phase:12s} {seconds:7.2f} s (runs {', '.join(f'{s:.2f}' for s, _ in runs)})  "
              f"peak {peak:4.0f} MiB   goal < {GOALS[phase]:g} s, < {PEAK_MIB} MiB")
        print(f"             {commands[phase]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
