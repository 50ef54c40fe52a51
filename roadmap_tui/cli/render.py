"""Plain-text tables and JSON for the CLI, without any heavy import.

Text is for people (DD.MM.YYYY, Russian headings); `--json` is for programs
(ISO dates, stable keys).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Sequence
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


def print_json_stream(head: dict[str, Any], key: str, items: Iterable[dict[str, Any]]) -> None:
    """One JSON object whose `key` is a list written item by item, one per line.

    The list of a million-row answer is never built: each item is encoded (by
    the C encoder, which `indent` would switch off) as it comes, and written
    in chunks.
    """
    encode = json.JSONEncoder(ensure_ascii=False, default=_plain).encode
    opening = json.dumps(to_jsonable(head), ensure_ascii=False)[:-1]
    chunk = [f"{opening}{', ' if head else ''}{json.dumps(key)}: ["]
    separator = "\n"
    for item in items:
        chunk.append(separator + encode(item))
        separator = ",\n"
        if len(chunk) >= _CHUNK:
            sys.stdout.write("".join(chunk))
            chunk.clear()
    chunk.append("\n]}\n")
    sys.stdout.write("".join(chunk))


_CHUNK = 500


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


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
