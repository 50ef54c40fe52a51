"""Which feeds moved since the last export, found without reading every assignment when it can be.

A feed's fingerprint (row count, sum of versions, last change, overdue count
as of the day) moves whenever one of its events would. Computing every
body's and document's fingerprint is a grouped read of the whole assignment
table — a second or two at a region's million — and after one status change
only four feeds moved. So the manifest also keeps the table's totals (count,
sum of versions, largest id) and the status history's newest entry. Every
tracked change of an assignment writes one history entry and adds one to its
version, so if the totals moved by exactly the entries written since, those
entries name every body and dated item occurrence that changed; a new
`--as-of` adds those with open work due between the two days (their overdue
state flipped). Their fingerprints are dropped from the manifest rather than
read again: should a later export have to compare fingerprints, a missing
one counts as moved. Anything the history does not account for (a row added,
removed or edited behind the tracker's back, an older manifest) falls back to
reading every fingerprint, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from roadmap_tui.export import source
from roadmap_tui.export.source import Source, Totals, Touched


@dataclass
class Fingerprints:
    """Every body's and document's fingerprint now, and which of them moved since the last export."""

    bodies: dict[int, list[str]]
    documents: dict[int, list[str]]
    moved_bodies: set[int]
    moved_documents: set[int]
    totals: Totals
    mark: int
    as_of: date
    full: bool = False  # everything is rebuilt (first export, new format, documents or bodies changed)
    quick: bool = False  # found from the status history, without the grouped read
    failed: set[int] = field(default_factory=set)
    #: On the quick path, per moved document, the dated (item, occurrence) pairs that changed.
    occurrences: dict[int, set[tuple[int, str]]] | None = None

    def has_assignments(self, body_id: int) -> bool:
        """Whether the body owes anything (a group gets feeds only then)."""
        return body_id in self.bodies or (self.quick and body_id in self.moved_bodies)

    def body_moved(self, body_id: int) -> bool:
        return self.full or body_id in self.moved_bodies or body_id in self.failed

    def document_moved(self, document_id: int) -> bool:
        return self.full or document_id in self.moved_documents

    def manifest(self, failed: set[int]) -> dict[str, Any]:
        """What the next export compares with; a body whose feed failed is retried next time."""
        return {"bodies": {str(k): v for k, v in self.bodies.items()},
                "docs": {str(k): v for k, v in self.documents.items()},
                "failed": sorted(failed), "totals": self.totals.as_list(), "mark": self.mark,
                "as_of": self.as_of.isoformat()}


def fingerprints(src: Source, as_of: date, old: dict[str, Any], *, full: bool) -> Fingerprints:
    """The fingerprints as of `as_of` against the last export's manifest `old` (see the module docstring)."""
    mark = source.change_mark(src)  # before the totals: a change between the two is counted next time
    totals = source.totals(src)
    failed = {int(b) for b in old.get("failed", []) if isinstance(b, int)}
    if not full:
        quick = _from_history(src, as_of, old, totals, mark, failed)
        if quick is not None:
            return quick
    bodies = source.body_fingerprints(src, as_of)
    documents = source.document_fingerprints(src, as_of)
    return Fingerprints(bodies, documents, _moved(old.get("bodies", {}), bodies),
                        _moved(old.get("docs", {}), documents), totals, mark, as_of, full=full, failed=failed)


def _moved(old: dict[str, Any], now: dict[int, list[str]]) -> set[int]:
    keys = set(now) | {int(k) for k in old if str(k).isdigit()}
    return {k for k in keys if old.get(str(k)) != now.get(k)}


def _from_history(src: Source, as_of: date, old: dict[str, Any], totals: Totals, mark: int,
                  failed: set[int]) -> Fingerprints | None:
    try:
        old_mark, (count, versions, last_id) = int(old["mark"]), old["totals"]
        old_as_of = date.fromisoformat(old["as_of"])
        bodies = {int(k): list(v) for k, v in old["bodies"].items()}
        documents = {int(k): list(v) for k, v in old["docs"].items()}
    except (KeyError, TypeError, ValueError):
        return None
    touched: Touched = source.touched_since(src, old_mark)
    if (totals.count, totals.last_id, totals.versions) != (count, last_id, versions + touched.changes):
        return None
    if old_as_of != as_of:
        source.touched_between(src, min(old_as_of, as_of), max(old_as_of, as_of), touched)
    moved_documents = set(touched.occurrences)
    for key in touched.bodies:
        bodies.pop(key, None)
    for key in moved_documents:
        documents.pop(key, None)
    return Fingerprints(bodies, documents, touched.bodies, moved_documents, totals, mark, as_of, quick=True,
                        failed=failed, occurrences=touched.occurrences)
