"""The pool of measures the region's synthetic roadmaps are drawn from.

Real coordinators write the same few dozen kinds of measure and deadline
phrase again and again, so a synthetic region built from the seeds' own
wording exercises the deadline engine and the screens the way real data
would. The hand-checked golden file is preferred (stable: the demo does not
change when the parser is improved); without it the bundled documents are
parsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from roadmap_tui.settings import PROJECT_DIR

GOLDEN = PROJECT_DIR / "tests" / "fixtures" / "golden" / "seed_items.jsonl"

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class SeedItem:
    """One measure as printed in a seed: the material for synthetic ones."""

    kind: str
    section: str | None
    title: str
    deadline_raw: str | None
    form: str | None
    responsible_raw: str | None
    responsible: tuple[str, ...]
    report_form: str | None
    note: str | None


@lru_cache(maxsize=1)
def seed_items() -> tuple[SeedItem, ...]:
    """Every measure of the bundled seeds, in document order."""
    if GOLDEN.exists():
        return tuple(_from_golden(line) for line in GOLDEN.read_text("utf-8").splitlines()
                     if line.strip())
    return _from_documents()


def _from_golden(line: str) -> SeedItem:
    raw = json.loads(line)
    return SeedItem(
        kind=raw["kind"], section=raw["section"], title=raw["title"],
        deadline_raw=raw["deadline_raw"], form=raw["form"],
        responsible_raw=raw["responsible_raw"], responsible=tuple(raw["responsible"]),
        report_form=raw["report_form"], note=raw["note"],
    )


def _from_documents() -> tuple[SeedItem, ...]:
    from roadmap_tui.importer import read_document
    from roadmap_tui.importer.bundled import bundled_documents

    found = []
    for path in bundled_documents():
        for item in read_document(path).items:
            found.append(SeedItem(
                kind=item.kind, section=item.section, title=item.title,
                deadline_raw=item.deadline_raw, form=item.form,
                responsible_raw=item.responsible_raw, responsible=tuple(item.responsible),
                report_form=item.report_form, note=item.note,
            ))
    return tuple(found)


def shift_years(phrase: str | None, first_year: int) -> str | None:
    """Move a phrase's printed years so that the earliest becomes `first_year`.

    "до 01.06.2023" in a 2021 seed becomes "до 01.06.2025" in a plan for
    2025; ranges ("2021-2022 учебный год") keep their shape because every
    year moves by the same amount.
    """
    if not phrase:
        return phrase
    years = [int(y) for y in _YEAR.findall(phrase)]
    if not years:
        return phrase
    delta = first_year - min(years)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), phrase)
