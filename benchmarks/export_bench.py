"""Export figures on the generated regional dataset (issue 5).

    PYTHONPATH=. .venv/bin/python benchmarks/export_bench.py [--db /tmp/region.db] [--size 1000000]

Creates the region with `roadmap_tui.demo.generate(..., scale="region", seed=1)`
unless the database exists, then measures, each in a fresh child process
(so peak RSS is that phase's own): a full export of every feed into an empty
directory, an incremental export after one status change, and all digests.
Floors: full < 90 s, incremental < 3 s, digests < 30 s, peak memory < 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

FLOORS = {"full": 90.0, "incremental": 3.0, "digests": 30.0}
PEAK_MIB = 1024


def _phase(args: argparse.Namespace) -> None:
    from roadmap_tui.export.config import ExportConfig
    from roadmap_tui.export.digests import produce_digests
    from roadmap_tui.export.feeds import export_ics

    url = f"sqlite:///{Path(args.db).resolve()}"
    today = date.fromisoformat(args.today)
    out = Path(args.out)
    started = time.perf_counter()
    info: dict[str, object] = {}
    if args.phase in ("full", "incremental"):
        report, feeds = export_ics(url, out, today, ExportConfig())
        info = {"feeds": len(feeds), "written": len(report.written), "skipped": report.skipped}
    else:
        report = produce_digests(url, today, out_dir=out / "digests", config=ExportConfig(), kind=args.format)
        info = {"files": len(report.files)}
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak, **info}))


def _peak_mib() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would include the parent's before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(args: argparse.Namespace, phase: str, **extra: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", phase, "--db", args.db, "--today", args.today, "--out", args.out]
    for key, value in extra.items():
        cmd += [f"--{key}", value]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _one_status_change(db: str, today: date) -> int:
    from roadmap_tui.model.db import lean, make_engine, unit_of_work
    from roadmap_tui.model.statuses import Status
    from roadmap_tui.tracking.status import StatusUpdate, change_status

    with sqlite3.connect(db) as c:
        (aid,) = c.execute("SELECT id FROM assignment WHERE status = 'planned' AND due_on IS NOT NULL "
                           "ORDER BY id LIMIT 1").fetchone()
    engine = make_engine(f"sqlite:///{Path(db).resolve()}")
    with unit_of_work(engine) as s:
        change_status(lean(s), aid, StatusUpdate(Status.IN_PROGRESS, comment="бенчмарк"), by="бенчмарк",
                      today=today, now=datetime.now(UTC))
    engine.dispose()
    return int(aid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/roadmap-region.db")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--today", default="2024-03-13")
    parser.add_argument("--out", default="/tmp/roadmap-region-exports")
    parser.add_argument("--format", default="md")
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _phase(args)
        return 0
    today = date.fromisoformat(args.today)
    if not Path(args.db).exists():
        from roadmap_tui.demo import generate

        print(generate(f"sqlite:///{Path(args.db).resolve()}", scale="region", seed=1, today=today,
                       size=args.size, progress=lambda _m: None))
    with sqlite3.connect(args.db) as c:
        (assignments,) = c.execute("SELECT COUNT(*) FROM assignment").fetchone()
        (bodies,) = c.execute("SELECT COUNT(*) FROM body").fetchone()
    print(f"dataset: {assignments:,} assignments, {bodies:,} bodies ({args.db})")
    import shutil

    shutil.rmtree(args.out, ignore_errors=True)
    results = {"full": _run(args, "full")}
    changed = _one_status_change(args.db, today)
    results["incremental"] = _run(args, "incremental")
    results["digests"] = _run(args, "digests", format=args.format)
    ok = True
    for phase, r in results.items():
        passed = r["seconds"] < FLOORS[phase] and r["peak_mib"] < PEAK_MIB
        ok &= passed
        rest = {k: v for k, v in r.items() if k not in ("seconds", "peak_mib")}
        print(f"{phase:12s} {r['seconds']:7.2f} s  peak {r['peak_mib']:6.0f} MiB  "
              f"(floor {FLOORS[phase]:.0f} s, {PEAK_MIB} MiB) {'OK' if passed else 'FAIL'}  {rest}")
    print(f"(incremental after a status change of assignment {changed})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
