"""The registry of responsible bodies, loaded from CSV.

The department keeps its list of schools in spreadsheets; a CSV export of one
(comma or semicolon; UTF-8, UTF-16 or Windows-1251; any line ends, as Excel
writes them) is enough to make "ОО" expand to every school. Rows are matched
to the bodies already known — by code, then by short name, full name or
alias — so loading the department's own list (no code column, "ДО", "МАУ ИМЦ
г. Томска") updates ДО and ИМЦ instead of inventing schools beside them.
Malformed rows (a stray quote that would swallow the rows after it, extra
cells, a cell of a megabyte) are reported by line and the file is refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from roadmap_tui.errors import BadInput
from roadmap_tui.inputs import read_input
from roadmap_tui.model.kinds import BodyKind
from roadmap_tui.model.tables import Body

KINDS = tuple(kind.value for kind in BodyKind)
COLUMNS = ("code", "full_name", "short_name", "kind", "email", "aliases", "municipality")
#: No name, address or alias list is longer; a longer cell is a broken file.
MAX_CELL = 4000
_MAX_REPORTED = 10
#: What makes an organisation's name a school's (a department's name never has these).
_SCHOOL_WORDS = re.compile(
    r"\b(СОШ|ООШ|НОШ|школ\w*|лице\w*|гимнази\w*|кадетск\w*|интернат\w*)\b", re.IGNORECASE)
# Control characters and Unicode line/paragraph separators (Excel's Alt+Enter): a space.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


@dataclass(frozen=True)
class BodyRow:
    code: str
    full_name: str
    short_name: str
    kind: str
    email: str | None
    aliases: str
    municipality: str | None
    line: int = 0
    code_given: bool = True  # False: the file had no code; match by names or make one
    kind_given: bool = True


@dataclass
class RegistryResult:
    """What a registry load did: counts, and which rows matched which known body."""

    added: int = 0
    updated: int = 0
    matched: list[tuple[int, str, str]] = field(default_factory=list)  # (line, row name, code)


def read_registry(path: Path) -> list[BodyRow]:
    """Read and validate a registry CSV; raise BadInput/NotFound in Russian."""
    text = _decode(read_input(path), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR-only files (old Mac Excel) too
    first = text.partition("\n")[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    records, problems = _records(text, delimiter)
    if not records:
        raise BadInput(f"{path}: файл пуст.")
    header_line, header_cells = records[0]
    header = [h.strip().lower() for h in header_cells]
    if not ({"code", "short_name", "full_name"} & set(header)):
        raise BadInput(
            f"{path}: нет заголовка с колонками {', '.join(COLUMNS)} "
            "(нужны хотя бы code или short_name / full_name)."
        )
    rows = []
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(f"строка {line}: {len(cells)} ячеек при {len(header)} колонках "
                            "(лишний разделитель или кавычка?)")
            continue
        values = {name: _clean(cell) for name, cell in zip(header, cells, strict=False) if name}
        try:
            rows.append(_row(values, line))
        except BadInput as error:
            problems.append(str(error))
    if problems:
        shown = "; ".join(problems[:_MAX_REPORTED])
        more = f" и ещё {len(problems) - _MAX_REPORTED}" if len(problems) > _MAX_REPORTED else ""
        raise BadInput(f"{path}: строки с ошибками ({len(problems)}): {shown}{more}. "
                       "Ничего не загружено; исправьте файл и повторите.")
    return rows


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{path}: повреждённый текст UTF-16.") from None
    if b"\x00" in raw:
        raise BadInput(f"{path}: двоичный файл или UTF-16 без метки; сохраните как CSV "
                       "(UTF-8 или Windows-1251).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: не удалось определить кодировку (нужна UTF-8).") from None


def _records(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Records with the line each starts on, and the problems found on the way."""
    lines = text.split("\n")
    records: list[tuple[int, list[str]]] = []
    problems: list[str] = []
    start = 1  # the physical line the next record starts on
    while start <= len(lines) and len(problems) <= _MAX_REPORTED:
        offset = start - 1
        reader = csv.reader(io.StringIO("\n".join(lines[offset:]), newline=""),
                            delimiter=delimiter, strict=True)
        try:
            for cells in reader:
                end = offset + reader.line_num
                swallowed = [c for c in cells if "\n" in c and delimiter in c.partition("\n")[2]]
                if swallowed:
                    problems.append(f"строки {start}–{end}: незакрытая кавычка объединила "
                                    "строки в одну ячейку")
                elif any(len(c) > MAX_CELL for c in cells):
                    problems.append(f"строка {start}: ячейка длиннее {MAX_CELL} знаков")
                else:
                    records.append((start, cells))
                start = end + 1
            break
        except csv.Error as error:
            problems.append(f"строка {start}: {_csv_problem(str(error))}")
            start += 1  # resume on the next line, so later rows are checked too
    return records, problems


def _csv_problem(message: str) -> str:
    if "field larger" in message:
        return f"ячейка длиннее {MAX_CELL} знаков"
    if '"' in message or "quote" in message or "end of data" in message or "EOF" in message:
        return "лишняя или незакрытая кавычка"
    return "строка не разбирается как CSV"


def _clean(cell: str) -> str:
    return " ".join(_CONTROL.sub(" ", cell).split())


def _row(values: dict[str, str], line_no: int) -> BodyRow:
    short = values.get("short_name") or values.get("full_name", "")
    full = values.get("full_name") or short
    code = values.get("code", "")
    if not code and not short:
        raise BadInput(f"строка {line_no}: нет ни кода, ни названия")
    kind = values.get("kind", "").lower()
    if kind and kind not in KINDS:
        raise BadInput(f"строка {line_no}: неизвестный вид «{kind}» (допустимо: {', '.join(KINDS)})")
    email = values.get("email") or None
    if email and ("@" not in email or " " in email):
        raise BadInput(f"строка {line_no}: неверный адрес почты «{email}»")
    return BodyRow(
        code=code,
        full_name=full,
        short_name=short or code,
        kind=kind or _guess_kind(code, f"{short} {full}"),
        email=email,
        aliases=values.get("aliases", ""),
        municipality=values.get("municipality") or None,
        line=line_no,
        code_given=bool(code),
        kind_given=bool(kind),
    )


def _guess_kind(code: str, names: str) -> str:
    # Only a name that says "school" makes a school; "ДО" or "МАУ ИМЦ" never does.
    return "school" if code.startswith("school:") or _SCHOOL_WORDS.search(names) else "other"


def name_key(name: str) -> str:
    """A name as compared: case, ё, quotes and spacing ignored."""
    folded = name.casefold().replace("ё", "е")
    return " ".join(re.sub(r"[«»\"'“”„]", " ", folded).split())


_FIELDS = ("full_name", "short_name", "kind", "email", "aliases", "municipality")


def upsert_bodies(session: Session, rows: list[BodyRow]) -> tuple[int, int]:
    """Insert new bodies and update known ones; return (added, updated)."""
    result = load_registry(session, rows)
    return result.added, result.updated


def load_registry(session: Session, rows: list[BodyRow]) -> RegistryResult:
    """Match each row to a known body (code, short name, full name, alias) and update it,
    or add it; report which rows matched which body.

    An empty cell never erases what the registry already knows (a schools list
    without e-mails must not wipe the addresses the digests go to), and a row
    matched by name keeps the body's code and kind unless the file gives them.
    """
    bodies = list(session.exec(select(Body)).all())
    by_code = {b.code: b for b in bodies}
    by_name: dict[str, Body | None] = {}  # None: a name two bodies share, so no match
    for known in bodies:
        _index_names(by_name, known)
    result = RegistryResult()
    for row in rows:
        # A code is the identity; only a row without one is matched by its names.
        body: Body | None = by_code.get(row.code) if row.code else None
        if body is None and not row.code_given:
            body = next((by_name[k] for k in _row_keys(row) if by_name.get(k) is not None),
                        None)
            if body is not None:
                result.matched.append((row.line, row.short_name or row.full_name, body.code))
        if body is None:
            code = row.code or (f"school:{row.short_name}" if row.kind == "school"
                                else row.short_name)
            body = by_code.get(code)
        if body is None:
            body = by_code[code] = Body(code=code)
            result.added += 1
        changes = {
            name: getattr(row, name)
            for name in _FIELDS
            if getattr(row, name) not in (None, "") and getattr(row, name) != getattr(body, name)
            and not (name == "kind" and not row.kind_given and body.id is not None)
            and not (name == "short_name" and not row.code_given and body.id is not None)
        }
        if changes and "aliases" in changes and body.aliases:
            changes["aliases"] = _merge_aliases(body.aliases, str(changes["aliases"]))
        if not changes:
            continue
        if body.id is not None:
            result.updated += 1
        body.sqlmodel_update(changes)
        session.add(body)
        _index_names(by_name, body)
    session.flush()
    return result


def _index_names(by_name: dict[str, Body | None], body: Body) -> None:
    for name in (body.code, body.short_name, body.full_name, *body.aliases.split("|")):
        key = name_key(name)
        if key:
            known = by_name.setdefault(key, body)
            if known is not None and known is not body:
                by_name[key] = None


def _row_keys(row: BodyRow) -> list[str]:
    names = [row.code, row.short_name, row.full_name, *row.aliases.split("|")]
    return [k for k in (name_key(n) for n in names) if k]


def _merge_aliases(known: str, given: str) -> str:
    merged = [a for a in known.split("|") if a]
    keys = {name_key(a) for a in merged}
    merged += [a for a in given.split("|") if a and name_key(a) not in keys]
    return "|".join(merged)
