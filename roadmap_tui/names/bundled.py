"""The bundled registry, ``data/bodies.csv``: the bodies the seed documents name.

Its ``aliases`` column (``|``-separated) lists the ways documents print a
body ("муниципальный координатор" is the ИМЦ; "общееобразовательные
организации", a typo the seeds carry, are the ОО): a new spelling is a new
alias there, never a pattern in code. Read once, on first use.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from roadmap_tui.settings import BUNDLED_BODIES

from .matcher import BodyNames


@dataclass(frozen=True)
class BundledBody:
    code: str
    full_name: str
    short_name: str
    kind: str
    aliases: str


@lru_cache(maxsize=1)
def bundled_rows() -> tuple[BundledBody, ...]:
    """The rows of ``data/bodies.csv`` (none when the file is missing)."""
    try:
        with BUNDLED_BODIES.open(encoding="utf-8-sig", newline="") as fh:
            return tuple(BundledBody(*(row.get(k) or "" for k in ("code", "full_name", "short_name",
                                                                   "kind", "aliases")))
                         for row in csv.DictReader(fh))
    except OSError:
        return ()


@lru_cache(maxsize=1)
def bundled_names() -> BodyNames:
    """The names of the bundled bodies other than schools.

    A school is found by its type and number (``importer.schools``), which also
    reads enumerations ("СОШ № 5, 11") and serves any city; its row here only
    gives the school's form of ownership.
    """
    return BodyNames.of_bodies(b for b in bundled_rows() if b.kind != "school")
