"""The registry of responsible bodies, loaded from CSV.

The department keeps its list of schools in spreadsheets; a CSV export of one
(comma or semicolon, UTF-8 or Windows-1251, as Excel writes them) is enough
to make "ОО" expand to every school. Rows are upserted by code, so loading
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from roadmap_tui.errors import BadInput
from roadmap_tui.inputs import read_input
from roadmap_tui.model.tables import Body

KINDS = ("department", "centre", "school", "group", "other")
COLUMNS = ("code", "full_name", "short_name", "kind", "email", "aliases", "municipality")


@dataclass(frozen=True)
class BodyRow:
    code: str
    full_name: str
    short_name: str
    kind: str
    email: str | None
    aliases: str
    municipality: str | None


def read_registry(path: Path) -> list[BodyRow]:
    """Read and validate a registry CSV; raise BadInput/NotFound in Russian."""
    raw = read_input(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", errors="strict") if _looks_cp1251(raw) else ""
        if not text:
            raise BadInput(f"{path}: не удалось определить кодировку (нужна UTF-8).") from None
    dialect = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not ({"code", "short_name", "full_name"} & set(header)):
        raise BadInput(
            f"{path}: нет заголовка с колонками {', '.join(COLUMNS)} "
            "(нужны хотя бы code или short_name / full_name)."
        )
    rows = []
    for line_no, record in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in record.items() if k}
        rows.append(_row(values, path, line_no))
    return rows


def _looks_cp1251(raw: bytes) -> bool:
    try:
        raw.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return True


def _row(values: dict[str, str], path: Path, line_no: int) -> BodyRow:
    short = values.get("short_name") or values.get("full_name", "")
    code = values.get("code") or (f"school:{short}" if short else "")
    if not code:
        raise BadInput(f"{path}, строка {line_no}: нет ни кода, ни названия.")
    kind = values.get("kind") or ("school" if code.startswith("school:") else "other")
    if kind not in KINDS:
        raise BadInput(
            f"{path}, строка {line_no}: неизвестный вид «{kind}» (допустимо: {', '.join(KINDS)})."
        )
    email = values.get("email") or None
    if email and "@" not in email:
        raise BadInput(f"{path}, строка {line_no}: неверный адрес почты «{email}».")
    return BodyRow(
        code=code,
        full_name=values.get("full_name") or short,
        short_name=short or code,
        kind=kind,
        email=email,
        aliases=values.get("aliases", ""),
        municipality=values.get("municipality") or None,
    )


_FIELDS = ("full_name", "short_name", "kind", "email", "aliases", "municipality")


def upsert_bodies(session: Session, rows: list[BodyRow]) -> tuple[int, int]:
    """Insert new bodies and update known ones by code; return (added, updated).

    An empty cell never erases what the registry already knows (a schools list
    without e-mails must not wipe the addresses the digests go to).
    """
    known = {b.code: b for b in session.exec(select(Body)).all()}
    added = updated = 0
    for row in rows:
        body = known.get(row.code)
        if body is None:
            body = known[row.code] = Body(code=row.code)
            added += 1
        changes = {
            name: getattr(row, name)
            for name in _FIELDS
            if getattr(row, name) not in (None, "") and getattr(row, name) != getattr(body, name)
        }
        if not changes:
            continue
        if body.id is not None:
            updated += 1
        body.sqlmodel_update(changes)
        session.add(body)
    session.flush()
    return added, updated
