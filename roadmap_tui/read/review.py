"""The import review: every current item with what the import doubted, and the lines it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from roadmap_tui.read.view import View


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
    bodies: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
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


def review(view: View, only_item: int | None = None) -> list[ReviewRow]:
    """Every current item, those with an unknown deadline, no body or import warnings first.

    `only_item` reads just that one item (the edit dialog opened from the list or details).
    """
    one = "AND i.id = :only" if only_item is not None else ""
    params = {"only": only_item}
    with view.database.read() as reader:
        rows = reader.records(ReviewRow, f"""
            SELECT i.id AS item_id, i.document_id AS document_id, d.source_name AS doc,
                   i.kind AS kind, i.number AS number, i.title AS title,
                   i.deadline_raw AS deadline_raw, i.schedule_kind AS schedule_kind,
                   i.schedule_explain AS explain, i.responsible_raw AS responsible_raw,
                   i.version AS version, i.report_form AS report_form, i.note AS note
            FROM item i JOIN document d ON d.id = i.document_id
            WHERE i.withdrawn IS NULL {one}
            ORDER BY d.source_name, i.position""", params)
        if not rows:
            return []
        notes: dict[int, list[str]] = {}
        for item_id, message in reader.rows(
                "SELECT item_id, message FROM import_note WHERE item_id IS NOT NULL "
                f"{one.replace('i.id', 'item_id')} ORDER BY id", params):
            notes.setdefault(int(item_id), []).append(message)
        codes: dict[int, list[str]] = {}
        for item_id, code in reader.rows(
                f"""SELECT ib.item_id, b.code FROM item_body ib JOIN body b ON b.id = ib.body_id
                    WHERE 1=1 {one.replace('i.id', 'ib.item_id')}
                    ORDER BY ib.item_id, ib.position""", params):
            codes.setdefault(int(item_id), []).append(code)
    found = []
    for row in rows:
        problems = []
        stored = notes.get(row.item_id, [])
        if row.schedule_kind == "unknown" and not any("срок" in n for n in stored):
            problems.append("срок не распознан")
        if not codes.get(row.item_id) and not any("ответствен" in n for n in stored):
            problems.append("нет ответственного")
        problems.extend(stored)
        found.append(replace(row, bodies=codes.get(row.item_id, []), problems=problems,
                             version=row.version or 1))
    return sorted(found, key=lambda row: not row.flagged)  # stable: document order kept


def skipped_lines(view: View) -> list[SkippedRow]:
    """What each document as a whole raised: loud warnings first, then skipped lines, then repairs."""
    return view.records(SkippedRow, """
        SELECT d.source_name AS doc, n.line AS line, n.message AS message FROM import_note n
        JOIN document d ON d.id = n.document_id
        WHERE n.item_id IS NULL AND n.code IN ('skipped', 'document')
        ORDER BY CASE WHEN n.message LIKE 'ВНИМАНИЕ%' THEN 0 WHEN n.code = 'skipped' THEN 1
                 ELSE 2 END, d.source_name, n.id""")


def body_codes(view: View) -> list[str]:
    """Every registered body's code, for type-ahead in the item edit dialog."""
    return [r[0] for r in view.rows("SELECT code FROM body ORDER BY code")]
