"""A coordinator's view of one database as of one day: the filtered, paged list of assignments.

Headless (no Textual import): the UI and its Excel export read through it.
Every list is paged with keyset cursors and a LIMIT, every count is one
indexed query; nothing loads all assignments. Filters are written against
`assignment` columns and indexed sub-selects, so the same WHERE clause serves
the page query (with joins for display) and the count (without them). Title
search runs over items, which are few, never over assignments, and is
case-insensitive for Cyrillic (SQLite's LIKE is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from roadmap_tui.model.connection import Database, Reader
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.read.bodies import list_bodies
from roadmap_tui.read.states import DERIVED_LABELS, STATE_SQL, TALLY_SQL, Derived, derive, soon_end

#: Matched assignments above which a due-ordered page walks the due index (see `_walk_order`).
WALK_ORDER_FROM = 20_000
PAGE_SIZE = 50  # a tall terminal's screenful; the next page loads before the cursor reaches it
FAR = date(9999, 12, 31)


@dataclass(frozen=True)
class Choice:
    """A value picked in a filter: its key and what the coordinator reads."""

    id: int | str
    label: str
    kind: str = ""


STATE_CHOICES: tuple[Choice, ...] = (
    *(Choice(d.value, DERIVED_LABELS[d]) for d in Derived),
    *(Choice(f"status:{s.value}", f"статус «{STATUS_LABELS[s]}»") for s in Status),
)


@dataclass(frozen=True)
class Filters:
    """The list's filters; they combine (AND)."""

    document: Choice | None = None
    section: Choice | None = None
    body: Choice | None = None
    state: Choice | None = None
    item: Choice | None = None
    overdue_only: bool = False
    this_week: bool = False
    text: str = ""
    municipality: str | None = None  # of the item's document

    def active(self) -> list[tuple[str, str]]:
        """(name, value) of every filter in force, for the always-visible bar."""
        found = [
            (name, choice.label)
            for name, choice in (
                ("Документ", self.document), ("Раздел", self.section),
                ("Ответственный", self.body), ("Состояние", self.state),
                ("Мероприятие", self.item),
            )
            if choice is not None
        ]
        if self.municipality:
            found.append(("Муниципалитет", self.municipality))
        if self.overdue_only:
            found.append(("Только", "просроченные"))
        if self.this_week:
            found.append(("Срок", "на этой неделе"))
        if self.text.strip():
            found.append(("Поиск", f"«{self.text.strip()}»"))
        return found


@dataclass(frozen=True)
class Listed:
    """The columns a list row is read from, by name."""

    id: int
    version: int
    item_id: int
    doc: str
    number: str
    title: str
    body: str
    window_start: date | None
    due_on: date | None
    status: Status
    completed_on: date | None
    position: int


@dataclass(frozen=True)
class Row(Listed):
    """One assignment as the list shows it: its columns and its state as of the day."""

    derived: Derived = Derived.OPEN
    days_overdue: int = 0


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    cursor: tuple[int, tuple[Any, ...] | None] | None  # None: nothing more


#: A sort key: the SQL expression and the `Row` field that holds its value.
Key = tuple[str, str]

# A sort is a list of segments (condition, keys); keyset paging walks them in order.
# "Срок" puts undated rows last without defeating the due_on index.
SORTS: dict[str, tuple[str, list[tuple[str, list[Key]]]]] = {
    "due": ("сроку", [("a.due_on IS NOT NULL", [("a.due_on", "due_on"), ("a.id", "id")]),
                      ("a.due_on IS NULL", [("a.id", "id")])]),
    "number": ("номеру", [("1=1", [("d.source_name", "doc"), ("i.position", "position"),
                                    ("b.short_name", "body"), ("COALESCE(a.due_on, :far)", "due_or_far"),
                                    ("a.id", "id")])]),
    "body": ("ответственному", [("1=1", [("b.short_name", "body"),
                                          ("COALESCE(a.due_on, :far)", "due_or_far"), ("a.id", "id")])]),
    "title": ("названию", [("1=1", [("i.title", "title"), ("a.id", "id")])]),
    "status": ("статусу", [("1=1", [("a.status", "status"), ("COALESCE(a.due_on, :far)", "due_or_far"),
                                     ("a.id", "id")])]),
}

_COLUMNS = """a.id AS id, a.version AS version, a.item_id AS item_id, d.source_name AS doc,
       i.number AS number, i.title AS title, b.short_name AS body, a.window_start AS window_start,
       a.due_on AS due_on, a.status AS status, a.completed_on AS completed_on,
       i.position AS position"""
_JOINS = """FROM assignment a JOIN item i ON i.id = a.item_id
JOIN document d ON d.id = i.document_id JOIN body b ON b.id = a.body_id"""


@dataclass(frozen=True)
class ItemEntry:
    """An item as the filters see it: searchable text, where it belongs, how many assignments."""

    id: int
    text: str
    document_id: int
    section_id: int | None
    municipality: str | None
    size: int


@dataclass(frozen=True)
class _ItemRow:
    id: int
    number: str
    title: str
    document_id: int
    section_id: int | None
    municipality: str | None
    size: int


_CATALOGUE = """
SELECT i.id, i.number, i.title, i.document_id, i.section_id, d.municipality,
       COALESCE(t.n, 0) AS size
FROM item i JOIN document d ON d.id = i.document_id
LEFT JOIN (SELECT item_id, SUM(n) AS n FROM item_tally GROUP BY item_id) t ON t.item_id = i.id"""


def week_of(day: date) -> tuple[date, date]:
    """Monday..Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _key_value(row: Row, field: str) -> Any:
    if field == "due_or_far":
        return row.due_on or FAR
    value = getattr(row, field)
    return value.value if isinstance(value, Status) else value


class View:
    """Every read the UI makes, over one long-lived `Database`, as of one day."""

    def __init__(self, database: Database, today: date) -> None:
        self.database = database
        self.today = today
        self._items_read: tuple[tuple[Any, ...], list[ItemEntry]] | None = None
        self._last_selection: tuple[tuple[Any, ...], tuple[Any, ...], list[ItemEntry]] | None = None

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        """One query's rows, on a borrowed connection (for the read model's own modules)."""
        with self.database.read() as reader:
            return reader.rows(sql, params)

    def records(self, kind: type[Any], sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        """One query's rows as `kind` records, read by column name."""
        with self.database.read() as reader:
            return reader.records(kind, sql, params)

    @property
    def day_params(self) -> dict[str, Any]:
        """The day the states are computed as of, bound as :today and :soon."""
        return {"today": self.today, "soon": soon_end(self.today)}

    # -- filters ----------------------------------------------------------------------------
    def _catalogue(self) -> list[ItemEntry]:
        """Every item with its searchable text and size (items are few), read again only
        when the items changed: an import or a correction made by another process too."""
        version = tuple(self.rows("SELECT COUNT(*), MAX(id), SUM(version) FROM item")[0])
        if self._items_read is None or self._items_read[0] != version:
            self._items_read = (version, [
                ItemEntry(r.id, f"{r.number} {r.title}".casefold().replace("ё", "е"),
                          r.document_id, r.section_id, r.municipality, r.size)
                for r in self.records(_ItemRow, _CATALOGUE)])
        return self._items_read[1]

    def matching_items(self, text: str) -> list[int]:
        """Items whose number or title holds every word of `text` (any case)."""
        return [item.id for item in self._selected(Filters(text=text)) or []]

    def _selected(self, f: Filters) -> list[ItemEntry] | None:
        """The items the filters allow (None: any item), chosen from the catalogue.

        Remembered for the last filters: a keystroke asks it for the page, the plan
        and the count.
        """
        key = (f.document, f.section, f.item, f.municipality, f.text.strip())
        if key == (None, None, None, None, ""):
            return None
        catalogue = self._catalogue()
        version = self._items_read[0] if self._items_read else ()
        if self._last_selection is not None and self._last_selection[:2] == (key, version):
            return self._last_selection[2]
        words = f.text.casefold().replace("ё", "е").split()
        found = [item for item in catalogue
                 if (f.document is None or item.document_id == f.document.id)
                 and (f.section is None or item.section_id == f.section.id)
                 and (f.item is None or item.id == f.item.id)
                 and (not f.municipality or item.municipality == f.municipality)
                 and all(w in item.text for w in words)]
        self._last_selection = (key, version, found)
        return found

    def where(self, f: Filters) -> tuple[str, dict[str, Any]]:
        """The WHERE clause (on `assignment a` only) and its parameters."""
        return self._where(f, self._selected(f))

    def _where(self, f: Filters, items: list[ItemEntry] | None,
               walk_order: bool = False) -> tuple[str, dict[str, Any]]:
        """The WHERE clause (on `assignment a` only) and its parameters.

        `walk_order` (SQLite) keeps the planner off the item index for the item filters,
        so that a page walks the due-date index in order and stops after LIMIT rows:
        right when the items match many assignments (see `_walk_order`).
        """
        parts: list[str] = []
        params: dict[str, Any] = {**self.day_params, "far": FAR}
        if items is not None:
            ids = ", ".join(str(item.id) for item in items)
            parts.append(f"{'+' if walk_order else ''}a.item_id IN ({ids})" if ids else "1=0")
        if f.body is not None:
            column = "a.via_group_id" if f.body.kind == "group" else "a.body_id"
            parts.append(f"{column} = :body")
            params["body"] = f.body.id
        if f.state is not None:
            parts.append(STATE_SQL[str(f.state.id)])
        if f.overdue_only:
            parts.append(STATE_SQL[Derived.OVERDUE])
        if f.this_week:
            params["mon"], params["sun"] = week_of(self.today)
            parts.append("a.due_on >= :mon AND a.due_on <= :sun")
        return (" AND ".join(parts) or "1=1"), params

    def _walk_order(self, items: list[ItemEntry] | None, sort: str) -> bool:
        """Whether a page should walk the sort's index rather than the item index.

        Decided by the data: how many assignments the chosen items have (their sizes,
        from the tallies). Few: fetch them by item and sort them. Many (a search for
        «план» matches half a million at a region): walking due order finds a page's
        rows in the first few hundred, where sorting them all took 100+ ms.
        """
        if self.database.dialect != "sqlite" or sort != "due":
            return False  # PostgreSQL plans from its own statistics
        return items is not None and sum(item.size for item in items) > WALK_ORDER_FROM

    # -- the list ---------------------------------------------------------------------------
    def page(
        self,
        f: Filters,
        sort: str = "due",
        cursor: tuple[int, tuple[Any, ...] | None] | None = None,
        limit: int = PAGE_SIZE,
        descending: bool = False,
    ) -> Page:
        """The next `limit` rows after `cursor` (keyset paging: no OFFSET scans).

        `descending` reverses the order within each segment (every key at once, so one
        row-value comparison still finds the next page); undated rows stay last.
        """
        items = self._selected(f)
        base, params = self._where(f, items, walk_order=self._walk_order(items, sort))
        segments = SORTS[sort][1]
        after, direction = ("<", " DESC") if descending else (">", "")
        segment, last = cursor or (0, None)
        found: list[Row] = []
        with self.database.read() as reader:
            while segment < len(segments) and len(found) < limit:
                condition, keys = segments[segment]
                expressions = [expression for expression, _ in keys]
                clause = f"{base} AND {condition}"
                local = dict(params)
                if last is not None:
                    names = [f":k{n}" for n in range(len(keys))]
                    clause += f" AND ({', '.join(expressions)}) {after} ({', '.join(names)})"
                    local.update({f"k{n}": value for n, value in enumerate(last)})
                wanted = limit - len(found)
                order = ", ".join(expression + direction for expression in expressions)
                got = self._rows(reader, f"SELECT {_COLUMNS} {_JOINS} WHERE {clause} "
                                         f"ORDER BY {order} LIMIT {int(wanted)}", local)
                found.extend(got)
                if len(got) < wanted:
                    segment, last = segment + 1, None
                else:
                    last = tuple(_key_value(got[-1], field) for _, field in keys)
        more = (segment, last) if segment < len(segments) else None
        return Page(found, more)

    def one(self, assignment_id: int) -> Row | None:
        """One assignment as the list shows it, as it is now (None if it is gone)."""
        with self.database.read() as reader:
            found = self._rows(reader, f"SELECT {_COLUMNS} {_JOINS} WHERE a.id = :id",
                               {"id": assignment_id})
        return found[0] if found else None

    def count(self, f: Filters) -> int:
        """How many assignments the filters select: from the tallies where they can say."""
        items = self._selected(f)
        tallied = self._tallied(f, items)
        if tallied is None:
            base, params = self._where(f, items)
            sql = f"SELECT COUNT(*) FROM assignment a WHERE {base}"
        else:
            sql, params = tallied
        with self.database.read() as reader:
            return int(reader.value(sql, params) or 0)

    def _tallied(self, f: Filters, items: list[ItemEntry] | None) -> tuple[str, dict[str, Any]] | None:
        """The count as a sum over tally rows, when the filters are items, one body, derived
        states (not a stored status, not a week, not a group's share): a million-row COUNT
        becomes a sum over a few thousand rows."""
        state = None if f.state is None else str(f.state.id)
        if (f.this_week or (state is not None and state not in TALLY_SQL)
                or (f.body is not None and (items is not None or f.body.kind == "group"))):
            return None
        conditions = [f"({TALLY_SQL[s]})" for s in (state, Derived.OVERDUE if f.overdue_only else None)
                      if s is not None]
        params: dict[str, Any] = dict(self.day_params)
        if f.body is not None:
            table = "body_tally"
            conditions.append("t.body_id = :body")
            params["body"] = f.body.id
        elif items is not None:
            table = "item_tally"
            conditions.append(f"t.item_id IN ({', '.join(str(i.id) for i in items) or 'NULL'})")
        else:
            table = "body_tally"
        where = " AND ".join(conditions) or "1=1"
        return f"SELECT COALESCE(SUM(t.n), 0) FROM {table} t WHERE {where}", params

    def _rows(self, reader: Reader, sql: str, params: dict[str, Any]) -> list[Row]:
        return [self.row(listed) for listed in reader.records(Listed, sql, params)]

    def row(self, r: Listed) -> Row:
        """A listed assignment with its state as of the view's day."""
        derived = derive(r.status, r.due_on, r.completed_on, self.today)
        late = (self.today - r.due_on).days if r.due_on and derived is Derived.OVERDUE else 0
        return Row(**vars(r), derived=derived, days_overdue=late)

    # -- pickers ----------------------------------------------------------------------------
    def documents(self) -> list[Choice]:
        rows = self.rows("SELECT id, source_name, number, title FROM document ORDER BY source_name")
        return [Choice(int(r[0]), _doc_label(r[1], r[2], r[3])) for r in rows]

    def sections(self, document_id: int | None) -> list[Choice]:
        where = "WHERE s.document_id = :doc" if document_id is not None else ""
        rows = self.rows(
            f"""SELECT s.id, s.number, s.title, d.source_name FROM section s
                JOIN document d ON d.id = s.document_id {where}
                ORDER BY d.source_name, s.position""",
            {"doc": document_id},
        )
        return [Choice(int(r[0]), f"{r[1]} {r[2]}".strip()[:90]) for r in rows]

    def bodies(self) -> list[Choice]:
        """Every body, in the one listing order (departments first, schools by number)."""
        with self.database.read() as reader:
            return [Choice(b.id, b.label, b.kind) for b in list_bodies(reader)]


def _doc_label(source: str, number: str | None, title: str | None) -> str:
    head = f"№ {number}" if number else source
    return f"{head} — {title}"[:100] if title else head
