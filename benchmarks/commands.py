"""Whole-process timings of the everyday commands on one big database.

Each command runs as a fresh process of the given `roadmap` console script
(start-up included), `--runs` times after one warm-up; the median is printed.
`status` and `undo` alternate on one assignment so every run changes the row
and then puts it back; each import run brings a new edition (other bytes) of
one bundled document, so every run really stores and materialises it.

    python -m benchmarks.commands --roadmap .venv/bin/roadmap --db /tmp/region.db \
        [--as-of 01.12.2026] [--runs 7]

Build the database first, e.g. `roadmap demo --scale region --db /tmp/region.db`
(about 50 s for a million assignments here). Writes change the file: run it on a copy.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

SEED_DOCUMENT = Path(__file__).resolve().parent.parent / "data" / "roadmaps"


def _run(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr}")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roadmap", required=True, help="the console script to time")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--as-of", default="01.12.2026")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    def base(*words: str) -> list[str]:
        return [args.roadmap, *words, "--db", str(args.db), "--as-of", args.as_of]

    def plain(*words: str) -> list[str]:
        return [args.roadmap, *words, "--db", str(args.db)]

    with sqlite3.connect(args.db) as connection:
        body = connection.execute("SELECT code FROM body WHERE kind = 'school' ORDER BY id"
                                  " LIMIT 1").fetchone()[0]
        target = connection.execute("SELECT id FROM assignment WHERE status = 'planned'"
                                    " ORDER BY id LIMIT 1").fetchone()[0]
    connection.close()
    seed = sorted(SEED_DOCUMENT.glob("*.txt"))[0]
    commands = {
        "overdue (count + first page)": [base("overdue")],
        "overdue --body X --json": [base("overdue", "--body", body, "--json")],
        "due --within 14": [base("due", "--within", "14")],
        "status ID выполнено | undo": [plain("status", str(target), "выполнено"), plain("undo")],
    }
    print(f"{args.roadmap} on {args.db}, {args.runs} runs after one warm-up, median ms")
    for label, steps in commands.items():
        runs = [[_run(step) for step in steps] for _ in range(args.runs + 1)][1:]
        medians = " | ".join(f"{statistics.median(r[i] for r in runs):.0f}"
                             for i in range(len(steps)))
        print(f"{label:32} {medians:>8}")
    with tempfile.TemporaryDirectory() as scratch:
        times = []
        for run in range(args.runs + 1):
            edition = Path(scratch) / seed.name
            edition.write_text(seed.read_text(encoding="utf-8") + f"\n{' ' * run}\n",
                               encoding="utf-8")
            times.append(_run(plain("import", str(edition), "--json")))
        print(f"{'import of one document':32} {statistics.median(times[1:]):8.0f}")


if __name__ == "__main__":
    main()
