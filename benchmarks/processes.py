"""Whole-process timing: wall time and peak memory of fresh processes, with a time bound.

A coordinator runs one command at a time from a shell, so what counts is the
whole process — interpreter start-up, imports, opening the database — not a
function inside a warm one. Peak memory comes from GNU time (`/usr/bin/time
-f %M`): Linux counts into a child's peak RSS the memory of the process that
spawned it (vfork shares the parent's pages until exec), so a child spawned
straight from this harness, which holds big outputs, would inherit the
harness's size; GNU time is a 2 MiB parent. Without it, `os.wait4` gives the
child's figure with that floor. Output goes to files, as `> out.json` would,
and is kept for the caller to check answers against each other.
"""

from __future__ import annotations

import os
import shlex
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


@dataclass
class Run:
    """One finished (or killed) process."""

    ms: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


@dataclass
class Timing:
    """The median of the measured runs of one step, or why there is none."""

    command: str
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None

    @property
    def ms(self) -> float | None:
        return None if self.failure or not self.runs else statistics.median(r.ms for r in self.runs)

    @property
    def peak_mib(self) -> float | None:
        return None if self.failure or not self.runs else max(r.peak_mib for r in self.runs)

    @property
    def last(self) -> Run | None:
        return self.runs[-1] if self.runs else None


def run_once(command: Sequence[str], *, env: Mapping[str, str] | None = None,
             timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Run `command` to the end (or kill it after `timeout` s); time it and read its output."""
    with (tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err,
          tempfile.NamedTemporaryFile("r", suffix=".rss") as rss):
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss.name, *command] if GNU_TIME else list(command)
        started = time.perf_counter()
        # A session of its own, so a time-out kills the command under GNU time too.
        child = subprocess.Popen(wrapped, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 env=dict(env) if env is not None else None, cwd=cwd,
                                 start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        if timer:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        peak_kib = usage.ru_maxrss
        if GNU_TIME:
            # Exit codes pass through GNU time; its "Command exited with …" line goes to -o.
            found = rss.read().split()
            peak_kib = int(found[-1]) if found and found[-1].isdigit() else 0
        return Run(ms=elapsed, peak_mib=peak_kib / 1024, returncode=child.returncode,
                   stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"), timed_out=killed.is_set())


def measure(steps: Sequence[Sequence[str]], *, runs: int, env: Mapping[str, str] | None = None,
            timeout: float | None = None) -> list[Timing]:
    """Run the steps in turn, `runs` times after one warm-up round; one Timing per step.

    Steps alternate (status, then undo) so every round leaves the data as it
    found it. The first failure or time-out stops that series: its stderr is
    kept as the reason, and the other steps of the round stop with it.
    """
    timings = [Timing(shell_line(step, env)) for step in steps]
    for round_number in range(runs + 1):
        for step, timing in zip(steps, timings, strict=True):
            run = run_once(step, env=env, timeout=timeout)
            if not run.ok:
                timing.failure = describe_failure(run, timeout)
                for other in timings:
                    other.failure = other.failure or f"stopped: {timing.command} failed"
                return timings
            if round_number > 0:  # round 0 warms the page cache and the interpreter's files
                if timing.runs:
                    timing.runs[-1].stdout = ""  # only the last answer is checked; lists are big
                timing.runs.append(run)
    return timings


def describe_failure(run: Run, timeout: float | None) -> str:
    """One short line for a failed run: the time bound, or the exit code and stderr's tail."""
    if run.timed_out:
        return f"over the {timeout:.0f} s bound"
    tail = " | ".join(run.stderr.strip().splitlines()[-3:])
    return f"exit {run.returncode}: {tail[:300]}"


def shell_line(command: Sequence[str], env: Mapping[str, str] | None = None,
               shown: Sequence[str] = ("TASKRC", "TASKDATA", "TZ", "ROADMAP_USER")) -> str:
    """The command as one would type it, with the environment variables that matter."""
    prefix = [f"{name}={shlex.quote(env[name])}" for name in shown if env and name in env]
    return " ".join([*prefix, shlex.join(command)])
