"""Data shapes the importer hands to the rest of the application.

They live in their own module so that the parsing modules and the storage
layer (``store.py``) can share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from roadmap_tui.errors import BadInput


class DocumentError(BadInput):
    """The input is not a readable document at all (missing, binary, not UTF-8, empty).

    The message is in Russian: it is shown to the user as is.
    """


@dataclass(frozen=True)
class SchoolRef:
    """A school named in a document, for the body registry."""

    code: str  # "school:МАОУ СОШ № 11"
    short_name: str  # "МАОУ СОШ № 11"
    full_name: str | None  # "МАОУ СОШ № 11 имени В.И. Смирнова" when printed


@dataclass
class ParsedItem:
    """One obligation: a plan-table row, a directive of an order or its control point."""

    kind: str  # "plan_row" | "directive" | "control"
    number: str
    dup_index: int = 0
    section: str | None = None
    section_number: str | None = None
    title: str = ""
    deadline_raw: str | None = None
    form: str | None = None
    responsible_raw: str | None = None
    responsible: list[str] = field(default_factory=list)
    report_form: str | None = None
    note: str | None = None
    person: str | None = None
    source_lines: list[int] = field(default_factory=list)
    # What the parser doubted about this very item; stored with the item so
    # the import review can show it next to the row.
    warnings: list[str] = field(default_factory=list)
    # A deadline phrase the layout implies when none is printed (quarter
    # columns marked "х" give "II, III кв."); the engine reads it when
    # ``deadline_raw`` is empty.
    deadline_hint: str | None = None


@dataclass(frozen=True)
class SkippedLine:
    """A line that looked like an obligation (a number, a table row, "Срок") but gave no item."""

    line: int  # 1-based line number in the document's text
    text: str
    reason: str  # Russian, shown to the coordinator


@dataclass
class ParsedDocument:
    """A whole document: its requisites, its items and what the parser had to repair."""

    source_name: str
    kind: str | None = None
    number: str | None = None
    date: dt.date | None = None
    title: str | None = None
    issuer: str | None = None
    municipality: str | None = None
    plan_title: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    schools: list[SchoolRef] = field(default_factory=list)
