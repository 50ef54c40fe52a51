"""Tables no header was recognised for: listed line by line, loudly when they look like plans.

A plan whose header the importer cannot read must not vanish: each of its
rows becomes a skipped line.  A table that speaks of deadlines, executors
or events (or prints dates in its cells) is "not understood" and makes the
document's warning loud; a table of figures is listed as explained.
"""

from __future__ import annotations

import re

from .columns import is_numbering_row
from .skips import DATA_TABLE, UNKNOWN_TABLE
from .text import clean
from .types import SkippedLine

_PLANNISH = re.compile(r"срок|дата|исполнит|ответствен|мероприяти|поручени", re.I)
_DATE_CELL = re.compile(r"^(?:до\s+|не\s+позднее\s+)?(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+[а-я]+(?:\s+\d{4})?)"
                        r"(?:\s*г(?:ода|\.)?)?$", re.I)


def unknown_tables(lines: list[str], known: set[int]) -> list[SkippedLine]:
    """Rows of tables no header was recognised for.

    A table that mentions deadlines or executors (or prints dates) but whose
    header was not understood is the case a coordinator must hear about; a
    table of figures ("Показатель ⇥ 2021 ⇥ 2022") is listed as explained.
    """
    out: list[SkippedLine] = []
    block: list[int] = []

    def flush() -> None:
        if len(block) >= 2:
            texts = [lines[k] for k in block]
            dated = sum(any(_DATE_CELL.match(clean(c)) for c in t.split("\t")) for t in texts)
            plannish = _PLANNISH.search(texts[0]) or dated >= 2
            reason = UNKNOWN_TABLE if plannish else DATA_TABLE
            header = clean(texts[0].replace("\t", " | "))
            for k in block:
                if is_numbering_row(lines[k].split("\t")):
                    continue
                text = clean(lines[k].replace("\t", " | "))
                out.append(SkippedLine(k + 1, text[:200],
                                       f"{reason} (заголовок «{header[:80]}»)" if reason == UNKNOWN_TABLE
                                       else reason))
        block.clear()

    for k, line in enumerate(lines):
        if k + 1 in known:
            flush()
            continue
        if line.count("\t") >= 1 and any(clean(c) for c in line.split("\t")):
            block.append(k)
        elif line.strip():
            flush()  # prose ends the table; a blank line neither ends nor extends it
    flush()
    return out
