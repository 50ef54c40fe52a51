"""How fast `roadmap overdue` answers on a region-sized database.

The headless promise is that a coordinator (or a cron job) gets the overdue
list in well under 100 ms at the median, even with a million assignments.
This measures it the way a user meets it — the installed console script in a
fresh process, interpreter start-up included — 10 runs after one warm-up, on
the region database and on a 100,000-assignment one, and prints the command
that reproduces each figure.

    python -m benchmarks.overdue [--db PATH] [--scale region] [--seed N]
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_DB = Path("/tmp/roadmap-region.db")
DEFAULT_SMALL_DB = Path("/tmp/roadmap-100k.db")
#: Where children keep compiled bytecode (see `child_env`).
PYCACHE = Path("/tmp/roadmap-bench-pycache")


@dataclass(frozen=True)
class Timing:
    label: str
    command: list[str]
    runs_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile (with 10 runs: the slowest)."""
        ordered = sorted(self.runs_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def roadmap_command() -> list[str]:
    """The installed console script next to this interpreter, else what it runs."""
    script = Path(sys.executable).with_name("roadmap")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from roadmap_tui.cli import main; sys.exit(main())"]


def ensure_db(path: Path, scale: str, seed: int, today: date) -> None:
    """Generate the demo database unless a non-empty one is already there (reused as is)."""
    if path.exists() and _assignments(path) > 0:
        print(f"Использую готовую базу {path} (назначений {_assignments(path):,})"
              .replace(",", " "))
        return
    from roadmap_tui.demo import generate

    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    print(generate(f"sqlite:///{path}", scale=scale, seed=seed, today=today))


def _assignments(path: Path) -> int:
    try:
        with sqlite3.connect(path) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM assignment").fetchone()[0])
    except sqlite3.Error:
        return 0


def a_school(path: Path) -> str:
    """The code of the school with the most overdue assignments (the heaviest --body case)."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT b.code FROM assignment a JOIN body b ON b.id = a.body_id "
            "WHERE b.kind = 'school' AND a.status IN ('planned', 'in_progress', 'postponed') "
            "GROUP BY b.code ORDER BY COUNT(*) DESC, b.code LIMIT 1").fetchone()
    return str(row[0])


def child_env(bytecode: bool) -> dict[str, str]:
    """The children's environment: by default with bytecode caching on.

    An installed package ships compiled bytecode; with PYTHONDONTWRITEBYTECODE
    set (as in some sandboxes and CI images) every run recompiles every module
    it imports, which is start-up cost no user pays. The cache goes to /tmp, not
    into the source tree.
    """
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    return env


def time_command(label: str, command: list[str], runs: int, env: dict[str, str]) -> Timing:
    """Wall time of `runs` fresh processes (after one untimed warm-up); exit code must be 0."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    elapsed = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        elapsed.append((time.perf_counter() - started) * 1000)
    return Timing(label, command, elapsed)


def bench(path: Path, as_of: date, runs: int, env: dict[str, str]) -> list[Timing]:
    roadmap = [*roadmap_command(), "--db", str(path)]
    day = f"{as_of:%d.%m.%Y}"
    school = a_school(path)
    cases = [
        ("python: пустой запуск", [sys.executable, "-c", "pass"]),
        ("roadmap overdue", [*roadmap, "overdue", "--as-of", day]),
        ("roadmap overdue --body --json", [*roadmap, "overdue", "--body", school, "--json",
                                           "--as-of", day]),
        ("roadmap due --within 14", [*roadmap, "due", "--within", "14", "--as-of", day]),
    ]
    return [time_command(label, command, runs, env) for label, command in cases]


def report(title: str, timings: list[Timing]) -> None:
    print(f"\n{title}")
    print(f"  {'команда':<32} {'медиана, мс':>12} {'p95, мс':>9}")
    for timing in timings:
        print(f"  {timing.label:<32} {timing.median:>12.1f} {timing.p95:>9.1f}")
    print("  Воспроизвести:")
    for timing in timings[1:]:
        print(f"    {shlex.join(timing.command)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="файл базы региона")
    parser.add_argument("--scale", default="region", choices=["region", "bench100k"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=None, help="ГГГГ-ММ-ДД (по умолчанию сегодня, Томск)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--small-db", type=Path, default=DEFAULT_SMALL_DB,
                        help="база на 100 000 назначений для сравнения")
    parser.add_argument("--skip-small", action="store_true", help="не мерить базу на 100 000")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="не включать кэш байт-кода (как есть при PYTHONDONTWRITEBYTECODE)")
    args = parser.parse_args(argv)
    env = child_env(bytecode=not args.no_bytecode)
    print("Кэш байт-кода: " + ("выключен" if "PYTHONDONTWRITEBYTECODE" in env
                               else env.get("PYTHONPYCACHEPREFIX", "рядом с модулями")))
    from roadmap_tui.settings import today_in_tomsk

    as_of = date.fromisoformat(args.as_of) if args.as_of else today_in_tomsk()
    targets = [(args.db, args.scale)]
    if not args.skip_small and args.scale != "bench100k":
        targets.append((args.small_db, "bench100k"))
    for path, scale in targets:
        ensure_db(path, scale, args.seed, as_of)
        count = _assignments(path)
        size_mb = path.stat().st_size / 2**20
        report(f"{path}: назначений {count:,}, {size_mb:.0f} МБ, на {as_of:%d.%m.%Y}, "
               f"{args.runs} запусков".replace(",", " "), bench(path, as_of, args.runs, env))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
