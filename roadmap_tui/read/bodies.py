"""The one listing of responsible bodies, shared by the CLI, the UI and the exporters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_tui.model.connection import Reader
from roadmap_tui.model.kinds import kind_rank


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads numbers as numbers: «СОШ № 2» before «СОШ № 19»."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


@dataclass(frozen=True)
class BodyRow:
    """A body as every listing shows it."""

    id: int
    code: str
    full_name: str
    short_name: str
    kind: str
    email: str | None
    aliases: tuple[str, ...]
    municipality: str | None

    @property
    def label(self) -> str:
        return self.short_name or self.code

    @property
    def sort_key(self) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        return kind_rank(self.kind), natural_key(self.label)


def list_bodies(reader: Reader) -> list[BodyRow]:
    """Every body: departments and centres first, then groups, others and schools by number."""
    rows = reader.rows("SELECT id, code, full_name, short_name, kind, email, aliases, municipality"
                       " FROM body")
    found = [BodyRow(int(r[0]), r[1], r[2] or "", r[3] or "", r[4], r[5],
                     tuple(a for a in (r[6] or "").split("|") if a), r[7]) for r in rows]
    return sorted(found, key=lambda b: b.sort_key)
