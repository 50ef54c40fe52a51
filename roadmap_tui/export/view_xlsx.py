"""One screen's view as a spreadsheet: the rows the coordinator sees, chosen by the filters in force.

`roadmap export xlsx` writes the department's fixed workbook (summary,
overdue list, a matrix per document); the UI's one-key export needs the
*current* view instead — a filtered, sorted list of assignments, a roll-up
or a schools × items matrix. The caller (the TUI) says what the columns
are and streams the rows; this module writes them with the same styling as
the workbook (frozen bold header, filter, widths, real Excel dates, states
coloured), adds a sheet «Условия» naming the filters, and writes the file
atomically under a name that never overwrites an earlier export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from roadmap_tui.export.clean import one_line
from roadmap_tui.export.files import write_atomic

# The workbook's own styling, so the two kinds of export read alike.
from roadmap_tui.export.xlsx import GREEN, GREY, RED, YELLOW, _cell, _sheet

#: Rows one Excel sheet holds below its header (1 048 576 in all).
MAX_ROWS = 1_048_575
TONES: dict[str, PatternFill] = {"overdue": RED, "done": GREEN, "working": YELLOW, "cancelled": GREY}


@dataclass(frozen=True)
class Tinted:
    """A cell value with the tone its state is coloured in (a key of TONES)."""

    value: Any
    tone: str


@dataclass(frozen=True)
class View:
    """What one screen shows: columns, rows (streamed), and the conditions that chose them."""

    title: str  # the data sheet's name
    header: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[Any]]  # values: str, int, date, None or Tinted
    count: int  # how many rows `rows` yields (the filter range is declared before them)
    conditions: Sequence[tuple[str, str]]  # (what, value) for the sheet «Условия»


def write_view(path: Path, view: View) -> int:
    """Write `view` to `path` atomically; return the number of data rows written."""
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    ws = _sheet(wb, view.title, view.header, view.widths, min(view.count, MAX_ROWS), taken)
    written = 0
    for row in view.rows:
        if written == MAX_ROWS:  # Excel would refuse the file: say so instead
            break
        ws.append([_value(ws, value) for value in row])
        written += 1
    count = str(written)
    if written < view.count:
        count += (f" из {view.count}: лист Excel вмещает не больше {MAX_ROWS} строк, "
                  "остальные не выгружены — сузьте фильтр")
    about = _sheet(wb, "Условия", ("Условие", "Значение"), (28, 80), len(view.conditions) + 1,
                   taken)
    for what, value in [*view.conditions, ("Строк", count)]:
        about.append([_cell(about, what, bold=True), _cell(about, one_line(value))])
    buffer = BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())
    return written


def _value(ws: Any, value: Any) -> Any:
    if isinstance(value, Tinted):
        return _cell(ws, _plain(value.value), fill=TONES.get(value.tone))
    return _cell(ws, _plain(value))


def _plain(value: Any) -> Any:
    return one_line(value) or None if isinstance(value, str) else value


def free_path(folder: Path, stem: str, now: datetime) -> Path:
    """`folder/stem-YYYY-MM-DD-HHMMSS.xlsx` (local time of `now`), numbered if taken."""
    base = f"{stem}-{now:%Y-%m-%d-%H%M%S}"
    path, n = folder / f"{base}.xlsx", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.xlsx", n + 1
    return path

