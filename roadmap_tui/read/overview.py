"""The overview: per responsible body and per document/section, how much is in each state.

Counted from the tallies that triggers keep beside `assignment` (migration
0006): a region's million assignments become about a hundred thousand
(body, state, day) counts, and "overdue as of today" is a sum over the days
before today — tens of milliseconds instead of a full scan on every open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_tui.model.kinds import BodyKind
from roadmap_tui.read.bodies import natural_key
from roadmap_tui.read.states import STATE_SQL, TALLY_SQL, Derived
from roadmap_tui.read.view import View

#: The overview's columns: (state, heading). Every state once, so a row's columns
#: add up to its «Всего» (work still planned and cancelled work included).
OVERVIEW_STATES: tuple[tuple[Derived, str], ...] = (
    (Derived.OVERDUE, "Просрочено"),
    (Derived.DUE_SOON, "14 дней"),
    (Derived.UNDATED, "Без даты"),
    (Derived.OPEN, "В плане"),
    (Derived.DONE_ON_TIME, "В срок"),
    (Derived.DONE_LATE, "С наруш."),
    (Derived.CANCELLED, "Отменено"),
)


@dataclass(frozen=True)
class Counts:
    """One overview row: a body, or a document/section."""

    key: tuple[int | None, int | None]  # (body_id, None) or (document_id, section_id)
    label: str
    values: dict[str, int] = field(default_factory=dict)
    total: int = 0
    kind: str = ""  # the body's kind, "placeholder", "document" or "section"
    municipality: str | None = None  # placeholder rows: of the documents counted


@dataclass(frozen=True)
class Tallied:
    """Counts by state of one group (a body, an item, a document's section)."""

    key: int | None
    overdue: int
    due_soon: int
    undated: int
    open: int
    done_on_time: int
    done_late: int
    cancelled: int
    total: int
    part: int | None = None  # the second key: a section, or a placeholder's "has schools"
    name: str | None = None  # a body's short name, or a placeholder's municipality
    code: str | None = None
    kind: str | None = None

    @property
    def values(self) -> dict[str, int]:
        return {state.value: int(getattr(self, state.value) or 0) for state, _ in OVERVIEW_STATES}


def _sums(rules: dict[str, str], count: str) -> str:
    # FILTER, not SUM(CASE …): a tenth faster over a hundred thousand tally rows.
    return ", ".join(f"SUM({count}) FILTER (WHERE {rules[state]}) AS {state.value}"
                     for state, _ in OVERVIEW_STATES)


def overview_by_body(view: View) -> list[Counts]:
    """Per responsible body (the bodies that have assignments), laggards first."""
    # Summed first, named after: joining the few totals to `body`, not every tally row.
    rows = view.records(Tallied, f"""
        SELECT x.*, b.short_name AS name, b.code AS code, b.kind AS kind
        FROM (SELECT t.body_id AS key, {_sums(TALLY_SQL, 't.n')}, SUM(t.n) AS total
              FROM body_tally t GROUP BY t.body_id HAVING SUM(t.n) > 0) x
        JOIN body b ON b.id = x.key""", view.day_params)
    found = [Counts((r.key, None), r.name or r.code or "", r.values, r.total, r.kind or "")
             for r in rows]
    groups = {c.key[0]: c.label for c in found if c.kind == BodyKind.GROUP}
    if groups:
        found = [c for c in found if c.kind != BodyKind.GROUP] + _placeholders(view, groups)
    # Laggards first; among equals, schools in number order («№ 2» before «№ 19»).
    return sorted(found, key=lambda c: (-c.values["overdue"], -c.values["due_soon"],
                                        natural_key(c.label)))


def _placeholders(view: View, groups: dict[int | None, str]) -> list[Counts]:
    """A group's own assignments, one row per municipality of their documents.

    A group ("ОО") gets assignments of its own only where its municipality has no
    schools in the registry (or had none when they were made): name the municipality,
    so the coordinator knows whose schools to load (`roadmap bodies import`).
    """
    ids = ", ".join(str(int(g)) for g in groups if g is not None)
    rows = view.records(Tallied, f"""
        SELECT y.*, CASE WHEN EXISTS (SELECT 1 FROM body s WHERE s.kind = 'school'
                    AND (y.name IS NULL OR s.municipality IS NULL OR s.municipality = y.name))
                    THEN 1 ELSE 0 END AS part
        FROM (SELECT a.body_id AS key, d.municipality AS name, {_sums(STATE_SQL, '1')},
                     COUNT(*) AS total
              FROM assignment a JOIN item i ON i.id = a.item_id
              JOIN document d ON d.id = i.document_id
              WHERE a.body_id IN ({ids}) GROUP BY a.body_id, d.municipality) y""",
        view.day_params)
    found = []
    for r in rows:
        where = f" ({r.name})" if r.name else ""
        note = "назначено группе до внесения школ" if r.part else "школы не внесены в реестр"
        found.append(Counts((r.key, None), f"{groups[r.key]} — {note}{where}", r.values, r.total,
                            "placeholder", r.name))
    return found


def overview_by_section(view: View) -> list[Counts]:
    """Per document and, under it, per section, in document order."""
    sums = ", ".join(f"SUM(x.{state.value}) AS {state.value}" for state, _ in OVERVIEW_STATES)
    rows = view.records(Tallied, f"""
        SELECT i.document_id AS key, i.section_id AS part, {sums}, SUM(x.total) AS total
        FROM (SELECT t.item_id, {_sums(TALLY_SQL, 't.n')}, SUM(t.n) AS total
              FROM item_tally t GROUP BY t.item_id HAVING SUM(t.n) > 0) x
        JOIN item i ON i.id = x.item_id
        GROUP BY i.document_id, i.section_id""", view.day_params)
    docs = {c.id: c.label for c in view.documents()}
    sections = {int(r[0]): (f"{r[1]} {r[2]}".strip(), int(r[3]))
                for r in view.rows("SELECT id, number, title, position FROM section")}
    by_doc: dict[int, list[Tallied]] = {}
    for r in rows:
        by_doc.setdefault(int(r.key or 0), []).append(r)
    found: list[Counts] = []
    for doc_id in sorted(by_doc, key=lambda d: docs.get(d, "")):
        parts = by_doc[doc_id]
        values = {state.value: sum(p.values[state.value] for p in parts) for state, _ in OVERVIEW_STATES}
        found.append(Counts((doc_id, None), docs.get(doc_id, str(doc_id)), values,
                            sum(p.total for p in parts), "document"))
        for p in sorted(parts, key=lambda p: sections.get(p.part, ("", -1))[1] if p.part else -1):
            if p.part is None:
                continue
            label = "  " + sections.get(p.part, ("?", 0))[0][:70]
            found.append(Counts((doc_id, p.part), label, p.values, p.total, "section"))
    return found
