"""Import timings: many synthetic documents into a new database, and one into a big one.

A coordinator imports the year's documents once, then one new document at a
time into a database that already holds years of work; that second import
should cost no more than the first into an empty one. Taskwarrior's
equivalent of an import is `task import` of the tasks those documents became
(the same assignments, read back from the roadmap database).
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path

from benchmarks import taskwarrior
from benchmarks.docgen import ASSIGNMENTS_PER_DOCUMENT, write_documents
from benchmarks.processes import Run, Timing, describe_failure, run_once, shell_line
from benchmarks.versus_core import Row, Setup, figure, print_table

#: First document numbers of the single-document runs: far from any folder's 1 … N.
_ONE_WITH_GROUPS, _ONE_NAMED = 90_001, 95_001


def _added(run: Run) -> tuple[int, int]:
    """(documents, assignments added) from `roadmap import --json`."""
    try:
        found = json.loads(run.stdout)["documents"]
    except (ValueError, KeyError):
        return 0, 0
    return len(found), sum(int(d.get("assignments_added", 0)) for d in found)


def many_documents(setup: Setup, label: str, size: int) -> Row:
    """`roadmap import FOLDER` of enough documents for about `size` assignments, then `task import`."""
    count = math.ceil(size / ASSIGNMENTS_PER_DOCUMENT)
    folder = setup.workdir / f"docs-{label}"
    shutil.rmtree(folder, ignore_errors=True)
    write_documents(folder, count)
    db = setup.workdir / f"import-{label}.db"
    db.unlink(missing_ok=True)
    command = setup.roadmap_command("import", str(folder), "--json", db=str(db))
    run = run_once(command, env=setup.env, timeout=setup.build_timeout)
    documents, assignments = _added(run)
    title = f"import {documents or count} docs"
    figure(f"roadmap import of {documents} documents ({assignments:,} assignments, "
           f"python -m benchmarks.docgen {folder} --count {count})",
           run.ms / 1000 if run.ok else None, command, setup.env,
           None if run.ok else describe_failure(run, setup.build_timeout))
    ours = _timing(command, setup.env, [run])
    if taskwarrior.binary() is None or not run.ok:
        return Row(title, label, ours, theirs_missing="not installed" if run.ok else "—")
    tasks_json = setup.workdir / f"import-{label}.json"
    tasks = taskwarrior.write_tasks(db, tasks_json)
    tw = taskwarrior.Taskwarrior(setup.workdir / f"taskwarrior-import-{label}")
    tw.fresh()
    loaded = tw.load(tasks_json, setup.build_timeout)
    figure(f"task import of the same {tasks:,} tasks", loaded.ms / 1000 if loaded.ok else None,
           tw.command("import", str(tasks_json)), tw.env,
           None if loaded.ok else describe_failure(loaded, setup.build_timeout))
    return Row(title, label, ours, _timing(tw.command("import", str(tasks_json)), tw.env, [loaded]))


def _timing(command: list[str], env: dict[str, str] | None, runs: list[Run],
            note: str = "") -> Timing:
    timing = Timing(shell_line(command, env) + note)
    failed = next((r for r in runs if not r.ok), None)
    if failed:
        timing.failure = describe_failure(failed, None)
    timing.runs = [r for r in runs if r.ok]
    return timing


def _series(setup: Setup, commands: list[tuple[list[str], Callable[[], None]]],
            env: dict[str, str]) -> tuple[Timing, int]:
    """Run each (command, preparation) once, the first as a warm-up; median, assignments added."""
    runs = []
    for command, prepare in commands:
        prepare()
        runs.append(run_once(command, env=env, timeout=setup.build_timeout))
        if not runs[-1].ok:
            break
    note = f"  (a different document each run: {len(commands) - 1} runs after a warm-up)"
    timing = _timing(commands[-1][0], env, runs[1:] if len(runs) > 1 else runs, note)
    added = sorted(_added(r)[1] for r in runs[1:]) or [0]
    return timing, added[len(added) // 2]


def one_document(setup: Setup, big_db: Path, big_tw: Path, groups: bool) -> list[Row]:
    """One document into a new file, into an empty database, into the big database; and Taskwarrior."""
    first = _ONE_WITH_GROUPS if groups else _ONE_NAMED
    kind = "with «ОО»" if groups else "named bodies"
    folder = setup.workdir / f"one-{'groups' if groups else 'named'}"
    shutil.rmtree(folder, ignore_errors=True)
    documents = write_documents(folder, setup.runs + 1, groups=groups, first=first)
    scratch = setup.workdir / f"scratch-{folder.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    empty = setup.workdir / "empty.db"
    if not empty.exists():  # the schema and the bundled registry, no documents
        run_once(setup.roadmap_command("bodies", db=str(empty)), env=setup.env)
    rows = []

    def into_new(doc: Path) -> tuple[list[str], Callable[[], None]]:
        target = scratch / f"new-{doc.stem}.db"
        return setup.roadmap_command("import", str(doc), "--json", db=str(target)), lambda: None

    def into_empty(doc: Path) -> tuple[list[str], Callable[[], None]]:
        target = scratch / f"empty-{doc.stem}.db"
        return (setup.roadmap_command("import", str(doc), "--json", db=str(target)),
                lambda: shutil.copyfile(empty, target))

    missing = "not installed" if taskwarrior.binary() is None else "—"
    for where, make in (("a new file", into_new), ("an empty database", into_empty)):
        timing, added = _series(setup, [make(doc) for doc in documents], setup.env)
        # Taskwarrior has no database to create: its figure is on the next row.
        rows.append(Row(f"1 doc ({kind}) → {where}", f"{added:,} a.", timing,
                        theirs_missing="n/a" if where == "a new file" else missing))
    rows[1].theirs = _tw_series(setup, [(scratch / f"empty-{doc.stem}.db", doc.name)
                                        for doc in documents], scratch, None)
    if not big_db.exists():
        return rows
    big_copy = setup.workdir / "import-big.db"
    shutil.copyfile(big_db, big_copy)  # the measured database stays as it was
    timing, added = _series(setup, [(setup.roadmap_command("import", str(doc), "--json",
                                                           db=str(big_copy)), lambda: None)
                                    for doc in documents], setup.env)
    row = Row(f"1 doc ({kind}) → {big_db.stem}", f"{added:,} a.", timing, theirs_missing=missing)
    if taskwarrior.binary() and (big_tw / "data" / "pending.data").exists():
        tw_copy = setup.workdir / "taskwarrior-import-big"
        shutil.rmtree(tw_copy, ignore_errors=True)
        shutil.copytree(big_tw, tw_copy)
        (tw_copy / "taskrc").write_text(taskwarrior.RC.format(data=tw_copy / "data"), "utf-8")
        row.theirs = _tw_series(setup, [(big_copy, doc.name) for doc in documents], scratch,
                                tw_copy)
    rows.append(row)
    return rows


def _tw_series(setup: Setup, sources: list[tuple[Path, str]], scratch: Path,
               root: Path | None) -> Timing | None:
    """`task import` of each document's tasks, read from the roadmap database it went into.

    Into `root` (a copy of a big Taskwarrior) one after another, or each into
    a fresh Taskwarrior when `root` is None; the first is the warm-up.
    """
    if taskwarrior.binary() is None:
        return None
    runs: list[Run] = []
    tw = taskwarrior.Taskwarrior(root or scratch / "tw")
    command: list[str] = []
    for db, document in sources:
        tasks_json = scratch / f"tasks-{Path(document).stem}.json"
        taskwarrior.write_tasks(db, tasks_json, document=document)
        if root is None:
            tw.fresh()
        command = tw.command("import", str(tasks_json))
        runs.append(tw.load(tasks_json, setup.build_timeout))
    return _timing(command, tw.env, runs[1:],
                   "  (each run the tasks of another document)")


def import_figures(setup: Setup, sizes: list[tuple[str, int]], big_db: Path, big_tw: Path) -> None:
    """Every import figure, with its table."""
    print("\n== Import of synthetic documents (benchmarks.docgen)")
    rows = [many_documents(setup, label, size) for label, size in sizes]
    for groups in (True, False):
        rows.extend(one_document(setup, big_db, big_tw, groups))
    print_table("Import (roadmap import vs task import of the same tasks; size = documents' "
                "assignments, a. = assignments added)", rows)
