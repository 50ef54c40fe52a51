"""Plain-text tables and JSON for the CLI, without any heavy import.

Text is for people (DD.MM.YYYY, Russian headings); `--json` is for programs
(ISO dates, stable keys).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    print(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, wrap_last: bool = True) -> str:
    """Left-aligned columns; the last (widest) column is clipped to the terminal width."""
    # Inner columns are capped so one long deadline phrase cannot squeeze the title away.
    natural = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
               for i, h in enumerate(headers)]
    widths = [min(40, w) for w in natural[:-1]] + natural[-1:]
    if wrap_last and rows:
        room = shutil.get_terminal_size((160, 40)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
        widths[-1] = max(20, min(widths[-1], room))
    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            text = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
            out.append(text.ljust(widths[i]) if i < len(cells) - 1 else text)
        return "  ".join(out).rstrip()
    return "\n".join([line(headers), line(["─" * w for w in widths]), *map(line, rows)])
