"""The TUI's other reads: overview counts, details, roll-up, matrix, import review.

Headless like `data.py`. Counts are GROUP BYs over assignments; roll-up and
matrix are bounded by what one screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from roadmap_tui.model.connection import as_date, as_utc
from roadmap_tui.model.statuses import Status
from roadmap_tui.read.states import SOON_DAYS, STATE_SQL, Derived, derive
from roadmap_tui.settings import TIMEZONE
from roadmap_tui.tui.data import OVERVIEW_STATES, Counts, Data, Filters

_SUMS = ", ".join(
    f"SUM(CASE WHEN {STATE_SQL[state]} THEN 1 ELSE 0 END)" for state, _ in OVERVIEW_STATES
)


def _counts(values: Any) -> dict[str, int]:
    return {state.value: int(v or 0) for (state, _), v in zip(OVERVIEW_STATES, values, strict=True)}


def _soon(data: Data) -> dict[str, Any]:
    base, params = data.where(Filters())
    return params


def overview_by_body(data: Data) -> list[Counts]:
    """Per responsible body (the bodies that have assignments), laggards first.

    One GROUP BY over `assignment` in table order, then the few grouped rows joined
    to `body`. `+ 0` keeps SQLite off the (body_id, due_on) index: walking it would
    visit the million rows in body order, one random table lookup each (about twice
    as slow as scanning and sorting the body ids).
    """
    rows = data._rows(
        f"""SELECT x.*, b.short_name, b.code, b.kind FROM (
              SELECT a.body_id + 0 AS body_id, {_SUMS}, COUNT(*) FROM assignment a
              GROUP BY a.body_id + 0) x
            JOIN body b ON b.id = x.body_id""",
        _soon(data),
    )
    n = len(OVERVIEW_STATES)
    found = [
        Counts((int(r[0]), None), r[n + 2] or r[n + 3], _counts(r[1:n + 1]), int(r[n + 1]),
               r[n + 4])
        for r in rows
    ]
    groups = {c.key[0]: c.label for c in found if c.kind == "group"}
    if groups:
        found = [c for c in found if c.kind != "group"] + _placeholders(data, groups)
    return sorted(found, key=lambda c: (-c.values["overdue"], -c.values["due_soon"], c.label))


def _placeholders(data: Data, groups: dict[int | None, str]) -> list[Counts]:
    """A group's own assignments, one row per municipality of their documents.

    A group ("ОО") gets assignments of its own only where its municipality has no
    schools in the registry (or had none when they were made): name the municipality,
    so the coordinator knows whose schools to load (`roadmap bodies import`).
    """
    ids = ", ".join(str(int(g)) for g in groups if g is not None)
    rows = data._rows(
        f"""SELECT y.*, EXISTS (SELECT 1 FROM body s WHERE s.kind = 'school'
                    AND (y.mun IS NULL OR s.municipality IS NULL OR s.municipality = y.mun))
            FROM (SELECT a.body_id, d.municipality AS mun, {_SUMS}, COUNT(*)
                  FROM assignment a JOIN item i ON i.id = a.item_id
                  JOIN document d ON d.id = i.document_id
                  WHERE a.body_id IN ({ids}) GROUP BY a.body_id, d.municipality) y""",
        _soon(data),
    )
    n = len(OVERVIEW_STATES)
    found = []
    for r in rows:
        where = f" ({r[1]})" if r[1] else ""
        note = "назначено группе до внесения школ" if r[n + 3] else "школы не внесены в реестр"
        found.append(Counts((int(r[0]), None), f"{groups[int(r[0])]} — {note}{where}",
                            _counts(r[2:n + 2]), int(r[n + 2]), "placeholder", r[1]))
    return found


def overview_by_section(data: Data) -> list[Counts]:
    """Per document and, under it, per section, in document order."""
    rows = data._rows(
        f"""SELECT i.document_id, i.section_id, {", ".join(
                f"SUM(x.c{k})" for k in range(len(OVERVIEW_STATES)))}, SUM(x.total)
            FROM (SELECT a.item_id, {", ".join(
                f"SUM(CASE WHEN {STATE_SQL[s]} THEN 1 ELSE 0 END) AS c{k}"
                for k, (s, _) in enumerate(OVERVIEW_STATES))}, COUNT(*) AS total
                  FROM assignment a GROUP BY a.item_id) x
            JOIN item i ON i.id = x.item_id
            GROUP BY i.document_id, i.section_id""",
        _soon(data),
    )
    docs = {c.id: c.label for c in data.documents()}
    sections = {
        int(r[0]): (f"{r[1]} {r[2]}".strip(), int(r[3]))
        for r in data._rows("SELECT id, number, title, position FROM section")
    }
    n = len(OVERVIEW_STATES)
    by_doc: dict[int, list[Any]] = {}
    for r in rows:
        by_doc.setdefault(int(r[0]), []).append(r)
    found: list[Counts] = []
    for doc_id in sorted(by_doc, key=lambda d: docs.get(d, "")):
        parts = by_doc[doc_id]
        totals = [sum(int(p[k] or 0) for p in parts) for k in range(2, n + 3)]
        found.append(Counts((doc_id, None), docs.get(doc_id, str(doc_id)), _counts(totals[:n]),
                            totals[n], "document"))
        for p in sorted(parts, key=lambda p: sections.get(p[1], ("", -1))[1] if p[1] else -1):
            if p[1] is None:
                continue
            label = "  " + sections.get(int(p[1]), ("?", 0))[0][:70]
            found.append(Counts((doc_id, int(p[1])), label, _counts(p[2:n + 2]), int(p[n + 2]),
                                "section"))
    return found


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime  # local (Asia/Tomsk)
    by: str
    old_status: str | None
    new_status: str
    old_due_on: date | None
    new_due_on: date | None
    completed_on: date | None
    report_received: bool | None
    report_ref: str | None
    comment: str | None
    undo_of: int | None


@dataclass(frozen=True)
class Details:
    id: int
    version: int
    item_id: int
    document: str
    section: str | None
    number: str
    title: str
    body: str
    deadline_raw: str | None
    schedule_kind: str
    explain: str
    report_form: str | None
    form: str | None
    note: str | None
    person: str | None
    window_start: date | None
    due_on: date | None
    original_due_on: date | None
    status: Status
    derived: Derived
    completed_on: date | None
    report_received: bool
    report_ref: str | None
    comment: str | None
    dues: list[tuple[date | None, date | None]]
    history: list[HistoryEntry]


def _local(value: Any) -> datetime:
    return as_utc(value).astimezone(TIMEZONE)


def details(data: Data, assignment_id: int) -> Details:
    from roadmap_tui.errors import NotFound

    rows = data._rows(
        """SELECT a.id, a.version, a.item_id, d.source_name, s.number, s.title, i.number,
                  i.title, b.full_name, b.short_name, i.deadline_raw, i.schedule_kind,
                  i.schedule_explain, i.report_form, i.form, i.note, i.person, a.window_start,
                  a.due_on, a.original_due_on, a.status, a.completed_on, a.report_received,
                  a.report_ref, a.comment, d.number, d.title
           FROM assignment a JOIN item i ON i.id = a.item_id
           JOIN document d ON d.id = i.document_id JOIN body b ON b.id = a.body_id
           LEFT JOIN section s ON s.id = i.section_id WHERE a.id = :id""",
        {"id": assignment_id},
    )
    if not rows:
        raise NotFound(f"Назначение №{assignment_id} не найдено.")
    r = rows[0]
    dues = [
        (as_date(w), as_date(d))
        for w, d in data._rows(
            "SELECT window_start, due_on FROM item_due WHERE item_id = :i ORDER BY due_on",
            {"i": r[2]},
        )
    ]
    history = [
        HistoryEntry(_local(h[0]), h[1], h[2], h[3], as_date(h[4]), as_date(h[5]), as_date(h[6]),
                     None if h[7] is None else bool(h[7]), h[8], h[9], h[10])
        for h in data._rows(
            """SELECT changed_at, changed_by, old_status, new_status, old_due_on, new_due_on,
                      completed_on, report_received, report_ref, comment, undo_of
               FROM status_change WHERE assignment_id = :a ORDER BY id""",
            {"a": assignment_id},
        )
    ]
    status, due, done = Status(r[20]), as_date(r[18]), as_date(r[21])
    document = f"№ {r[25]} — {r[26]}" if r[25] and r[26] else r[3]
    section = f"{r[4] or ''} {r[5] or ''}".strip() or None
    return Details(
        int(r[0]), int(r[1]), int(r[2]), document, section, r[6], r[7], r[8] or r[9], r[10],
        r[11], r[12], r[13], r[14], r[15], r[16], as_date(r[17]), due, as_date(r[19]), status,
        derive(status, due, done, data.today, SOON_DAYS), done, bool(r[22]), r[23], r[24], dues,
        history,
    )


@dataclass(frozen=True)
class RollupRow:
    """An item's due date across all its bodies: "выполнено 45 из 57"."""

    item_id: int
    doc: str
    number: str
    title: str
    due_on: date | None
    total: int
    done: int
    overdue: int


def rollup(data: Data, f: Filters, offset: int = 0, limit: int = 100) -> list[RollupRow]:
    """Items (by occurrence) of the filtered assignments, with done/overdue counts."""
    base, params = data.where(f)
    rows = data._rows(
        f"""SELECT x.item_id, d.source_name, i.number, i.title, x.due, x.total, x.done, x.late
            FROM (SELECT a.item_id, a.occurrence, MIN(a.due_on) AS due, COUNT(*) AS total,
                         SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END) AS done,
                         SUM(CASE WHEN {STATE_SQL[Derived.OVERDUE]} THEN 1 ELSE 0 END) AS late
                  FROM assignment a WHERE {base} GROUP BY a.item_id, a.occurrence) x
            JOIN item i ON i.id = x.item_id JOIN document d ON d.id = i.document_id
            ORDER BY d.source_name, i.position, x.due LIMIT {int(limit)} OFFSET {int(offset)}""",
        params,
    )
    return [RollupRow(int(r[0]), r[1], r[2], r[3], as_date(r[4]), int(r[5]), int(r[6] or 0),
                      int(r[7] or 0)) for r in rows]


@dataclass(frozen=True)
class Matrix:
    """Schools × items of one section: a mark per cell, laggards first."""

    title: str
    items: list[tuple[int, str, str]]  # (item id, number, title)
    schools: list[tuple[int, str]]  # (body id, name)
    cells: dict[tuple[int, int], Derived]  # (body id, item id) -> worst state
    lagging: dict[int, int]  # body id -> overdue assignments


_RANK = {Derived.OVERDUE: 0, Derived.DUE_SOON: 1, Derived.UNDATED: 2, Derived.OPEN: 3,
         Derived.DONE_LATE: 4, Derived.DONE_ON_TIME: 5, Derived.CANCELLED: 6}


def matrix(data: Data, item_id: int, max_items: int = 30) -> Matrix:
    """The matrix around `item_id`: the items of its section (or document) given to schools."""
    doc_id, section_id, number = data._rows(
        "SELECT document_id, section_id, number FROM item WHERE id = :i", {"i": item_id}
    )[0]
    scope = "section_id = :s" if section_id is not None else "document_id = :d"
    items = [
        (int(r[0]), r[1], r[2])
        for r in data._rows(
            f"""SELECT i.id, i.number, i.title FROM item i WHERE {scope}
                AND EXISTS (SELECT 1 FROM assignment a JOIN body b ON b.id = a.body_id
                            WHERE a.item_id = i.id AND b.kind = 'school')
                ORDER BY i.position LIMIT {int(max_items)}""",
            {"s": section_id, "d": doc_id},
        )
    ]
    if item_id not in {i for i, _, _ in items}:
        items = [(item_id, number, "")] + items[: max_items - 1]
    ids = ", ".join(str(i) for i, _, _ in items)
    params = _soon(data)
    cells: dict[tuple[int, int], Derived] = {}
    lagging: dict[int, int] = {}
    names: dict[int, str] = {}
    for r in data._rows(
        f"""SELECT a.body_id, a.item_id, b.short_name, a.status, a.due_on, a.completed_on
            FROM assignment a JOIN body b ON b.id = a.body_id
            WHERE a.item_id IN ({ids}) AND b.kind = 'school'""",
        params,
    ):
        state = derive(Status(r[3]), as_date(r[4]), as_date(r[5]), data.today, SOON_DAYS)
        key = (int(r[0]), int(r[1]))
        names[key[0]] = r[2]
        if key not in cells or _RANK[state] < _RANK[cells[key]]:
            cells[key] = state
        if state is Derived.OVERDUE:
            lagging[key[0]] = lagging.get(key[0], 0) + 1
    schools = sorted(names.items(), key=lambda s: (-lagging.get(s[0], 0), s[1]))
    title = next((t for i, _, t in items if i == item_id), "")
    return Matrix(f"{number} {title}"[:100], items, schools, cells, lagging)


@dataclass(frozen=True)
class ReviewRow:
    """An imported item for the coordinator's review, with what the import doubted."""

    item_id: int
    document_id: int
    doc: str
    kind: str
    number: str
    title: str
    deadline_raw: str | None
    schedule_kind: str
    explain: str
    responsible_raw: str | None
    bodies: list[str]
    problems: list[str]
    version: int = 1
    report_form: str | None = None
    note: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class SkippedRow:
    """A line of a document that looked like an obligation but gave no item."""

    doc: str
    line: int | None
    message: str


def review(data: Data, only_item: int | None = None) -> list[ReviewRow]:
    """Every current item, those with an unknown deadline, no body or import warnings first.

    `only_item` reads just that one item (the edit dialog opened from the list or details).
    """
    one = "AND i.id = :only" if only_item is not None else ""
    params = {"only": only_item}
    rows = data._rows(
        f"""SELECT i.id, i.document_id, d.source_name, i.kind, i.number, i.title, i.deadline_raw,
                  i.schedule_kind, i.schedule_explain, i.responsible_raw, i.version,
                  i.report_form, i.note
           FROM item i JOIN document d ON d.id = i.document_id
           WHERE i.withdrawn IS NULL {one}
           ORDER BY d.source_name, i.position""", params
    )
    if not rows:
        return []
    notes: dict[int, list[str]] = {}
    for item_id, message in data._rows(
        "SELECT item_id, message FROM import_note WHERE item_id IS NOT NULL "
        f"{one.replace('i.id', 'item_id')} ORDER BY id", params
    ):
        notes.setdefault(int(item_id), []).append(message)
    codes: dict[int, list[str]] = {}
    for item_id, code in data._rows(
        f"""SELECT ib.item_id, b.code FROM item_body ib JOIN body b ON b.id = ib.body_id
           WHERE 1=1 {one.replace('i.id', 'ib.item_id')} ORDER BY ib.item_id, ib.position""",
        params
    ):
        codes.setdefault(int(item_id), []).append(code)
    found = []
    for r in rows:
        item_id = int(r[0])
        problems = []
        stored = notes.get(item_id, [])
        if r[7] == "unknown" and not any("срок" in n for n in stored):
            problems.append("срок не распознан")
        if not codes.get(item_id) and not any("ответствен" in n for n in stored):
            problems.append("нет ответственного")
        problems.extend(stored)
        found.append(ReviewRow(item_id, int(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                               r[9], codes.get(item_id, []), problems, int(r[10] or 1), r[11],
                               r[12]))
    return sorted(found, key=lambda row: not row.flagged)  # stable: document order kept


def skipped_lines(data: Data) -> list[SkippedRow]:
    """What each document as a whole raised: loud warnings first, then skipped lines, then repairs."""
    return [SkippedRow(r[0], r[1], r[2]) for r in data._rows(
        """SELECT d.source_name, n.line, n.message FROM import_note n
           JOIN document d ON d.id = n.document_id
           WHERE n.item_id IS NULL AND n.code IN ('skipped', 'document')
           ORDER BY CASE WHEN n.message LIKE 'ВНИМАНИЕ%' THEN 0 WHEN n.code = 'skipped' THEN 1
                    ELSE 2 END, d.source_name, n.id""")]


def body_codes(data: Data) -> list[str]:
    """Every registered body's code, for type-ahead in the item edit dialog."""
    return [r[0] for r in data._rows("SELECT code FROM body ORDER BY code")]
