"""kill -9 at random moments: the database stays intact, nothing is half done.

Seeded, a few trials each, so the suite stays bounded; `python -m
benchmarks.faults` runs the same trials by the dozen.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import faults
from roadmap_tui.model.probe import schema_state

TRIALS = int(os.environ.get("ROADMAP_FAULT_TRIALS", "3"))


def test_killed_imports_leave_nothing_half_done(tmp_path: Path) -> None:
    counts = faults.kill_imports(tmp_path, TRIALS, seed=10)
    assert counts.trials == TRIALS
    assert (counts.corrupt, counts.half, counts.crashed) == (0, 0, 0), counts


def test_killed_status_writers_leave_every_change_whole(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "status.db"
    shutil.copy(template_db, path)
    counts = faults.kill_status(path, TRIALS, seed=11)
    assert (counts.corrupt, counts.half, counts.crashed) == (0, 0, 0), counts


FILL_THEN_HANG = """
import sys, time
from roadmap_tui.model.db import make_engine
from roadmap_tui.model.registry import read_registry, upsert_bodies
from roadmap_tui.model.schema import bootstrap
from roadmap_tui.settings import BUNDLED_BODIES

def fill(session):
    upsert_bodies(session, read_registry(BUNDLED_BODIES))
    session.flush()
    print("filled", flush=True)
    time.sleep(60)

bootstrap(make_engine(sys.argv[1]), fill)
"""


def test_kill_between_schema_and_registry_leaves_no_schema(tmp_path: Path) -> None:
    """The case that once gave 257 assignments instead of 2,993: schema made, registry not."""
    path = tmp_path / "r.db"
    env = faults.child_env()
    child = subprocess.Popen([sys.executable, "-c", FILL_THEN_HANG, f"sqlite:///{path}"], env=env,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while child.stdout.readline().strip() != "filled":
        assert time.monotonic() < deadline and child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert faults.integrity(path)
    assert schema_state(f"sqlite:///{path}") == "missing"  # not "current" with an empty registry
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
