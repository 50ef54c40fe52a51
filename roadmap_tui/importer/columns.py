"""What each column of a plan table means, read from its header by word stems.

Departments head the same columns in many ways: "Наименование мероприятия",
"Содержание работы", "Направления деятельности"; "Срок", "Дата и время
проведения", "Период реализации", "Срок реализа-" (hyphenated across lines);
"Исполнитель", "Ответственные лица", "Отв-ный".  A fixed list of headers
would miss the next document, so a header cell is read word by word: the
first word that carries a meaning decides the column, except a generic head
("Наименование", "Перечень") that defers to the word it governs
("Наименование органа …, ответственного за …" is the executor column).

A header may take two lines: a spanning "Срок" above "I квартал … IV
квартал" (quarter columns, marked "х" in the rows) or money by year.  The
sub-header expands the spanning column; the other header columns fall on
the sub-header's empty cells, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import clean

# Field names a row cell can take; "other" columns (place, money, …) are read
# but not kept, and "q:<roman>" are quarter columns.
NUMBER, TITLE, DEADLINE, FORM, EXECUTOR, REPORT, NOTE, OTHER = (
    "number", "title", "deadline", "form", "executor", "report", "note", "other")

_WORD = re.compile(r"[№#]|[A-Za-zА-Яа-яЁё]+(?:[-./][A-Za-zА-Яа-яЁё]+)*[-.]?")

# (field, stems).  A word means a field when it starts with one of the stems.
_MEANINGS: list[tuple[str, tuple[str, ...]]] = [
    (NUMBER, ("№", "#", "п/п", "пп", "п.п", "номер")),
    (DEADLINE, ("срок", "дата", "даты", "период", "время", "когда", "квартал", "месяц")),
    (EXECUTOR, ("ответствен", "отв-", "отв.", "исполнител", "соисполнител", "кто", "орган",
                "организатор", "куратор", "руководител")),
    (REPORT, ("отч", "результат", "показател", "индикатор", "итогов", "документ", "информаци",
              "выход", "продукт", "эффект")),
    (NOTE, ("примечани", "комментари", "отметк")),
    (OTHER, ("место", "финансир", "объ", "тыс", "руб", "бюджет", "источник", "стоимост",
             "затрат", "средств", "всего", "год", "годы", "гг")),
    (TITLE, ("мероприяти", "содержани", "направлени", "тема", "темы", "работ", "действи",
             "меры", "мер", "событи", "вопрос", "деятельност", "задач", "виды", "вид", "этап")),
]
# Heads that only say "the name of …": the governed word decides.
_GENERIC = ("наименовани", "названи", "перечень", "описани", "краткое")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER = re.compile(r"^(I{1,3}|IV|[1-4])\s*(?:-?й\s*)?(?:квартал|кв\.?)(?:\s|$)", re.I)
_QUARTER_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_YEAR = re.compile(r"^(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*(?:г\.?|год|гг\.?)?\.?|всего|итого)$",
                   re.I)
_COLUMN_NUMBERS = re.compile(r"^\d{1,2}\.?$")


def _field_of_word(word: str) -> str | None:
    lowered = word.lower()
    for name, stems in _MEANINGS:
        if any(lowered.startswith(stem) for stem in stems):
            # "год" must be a word of its own ("годы", "год"), not "годовой" in a title.
            return name
    return None


def column_field(cell: str) -> str | None:
    """The field a header cell names, or None when the cell says nothing recognisable."""
    text = clean(cell)
    if not text:
        return None
    if _QUARTER.match(text):
        return "q:" + quarter_of(text)
    words = _WORD.findall(text)
    generic = False
    for k, word in enumerate(words):
        lowered = word.lower()
        if word in ("N", "No", "Nп/п"):
            return NUMBER
        if lowered.startswith("форм"):
            # "Форма отчета" is the report, "Форма проведения" the form.
            governed = words[k + 1].lower() if k + 1 < len(words) else ""
            return REPORT if governed.startswith(("отч", "представлени", "документ", "контрол")) else FORM
        if any(lowered.startswith(g) for g in _GENERIC):
            generic = True
            continue
        name = _field_of_word(word)
        if name is None:
            continue
        if generic and name == OTHER:
            continue
        return name
    return TITLE if generic else None


def quarter_of(text: str) -> str:
    """The Roman quarter of a quarter header, with its year when printed.

    "II квартал 2013 г." → "II 2013", "IV кв." → "IV": a plan by quarters of
    a stated year must not have its quarters placed by the teaching year.
    """
    cleaned = clean(text)
    m = _QUARTER.match(cleaned)
    if not m:
        return ""
    token = m.group(1).upper()
    roman = token if token in _ROMAN else ["I", "II", "III", "IV"][int(token) - 1]
    year = _QUARTER_YEAR.search(cleaned[m.end():])
    return f"{roman} {year.group(1)}" if year else roman


@dataclass
class Layout:
    """A recognised table header: a field per column, and the lines it spans."""

    fields: list[str]  # one per cell of a row, "number" included when there is one
    first_line: int  # 0-based index of the header's first line
    last_line: int  # 0-based index of its last line (sub-header and numbering row included)
    header_text: str

    @property
    def has_number(self) -> bool:
        return NUMBER in self.fields

    @property
    def quarters(self) -> bool:
        return any(f.startswith("q:") for f in self.fields)


def _fields(cells: list[str]) -> list[str | None]:
    fields: list[str | None] = []
    for cell in cells:
        name = column_field(cell)
        # A field named twice: the second of two title columns is the item
        # ("Направление ⇥ Мероприятие"), the first a grouping kept aside.
        if name in (TITLE, DEADLINE, EXECUTOR, FORM, REPORT, NOTE) and name in fields:
            if name == TITLE:
                fields[fields.index(TITLE)] = OTHER
            else:
                name = OTHER
        fields.append(name)
    return fields


def _is_plan(fields: list[str]) -> bool:
    has = set(fields)
    dated = DEADLINE in has or any(f.startswith("q:") for f in has)
    return TITLE in has and (dated or EXECUTOR in has)


def _subheader(cells: list[str]) -> bool:
    texts = [clean(c) for c in cells]
    labels = [t for t in texts if t]
    return len(labels) >= 2 and all(_QUARTER.match(t) or _YEAR.match(t) for t in labels)


def _expand(top: list[str | None], sub: list[str]) -> list[str]:
    """Put the header's fields on the sub-header's columns (see the module docstring)."""
    subs = [clean(c) for c in sub]
    if len(top) == len(subs):
        return _expand_aligned(top, subs)
    rest = [f for f in top if f not in (DEADLINE, OTHER, None)]
    spanning = DEADLINE if DEADLINE in top else OTHER
    out: list[str] = []
    for text in subs:
        if _QUARTER.match(text):
            out.append("q:" + quarter_of(text))
        elif text:
            out.append(OTHER)  # money by year
        elif rest:
            out.append(rest.pop(0))
        else:
            out.append(OTHER)
    if spanning == DEADLINE and not any(f.startswith("q:") for f in out):
        # Years under "Срок": the spanning column is still a deadline column.
        out[out.index(OTHER)] = DEADLINE
    return out


def _expand_aligned(top: list[str | None], subs: list[str]) -> list[str]:
    """Header and sub-header with a cell per column: a label belongs to the spanning cell on its left."""
    out: list[str] = []
    spanning: str | None = None
    for field_name, text in zip(top, subs, strict=True):
        if field_name is not None:
            spanning = field_name
        if not text:
            out.append(field_name or OTHER)
        elif _QUARTER.match(text) and spanning in (DEADLINE, None):
            out.append("q:" + quarter_of(text))
        elif spanning == DEADLINE and field_name == DEADLINE:
            out.append(DEADLINE)  # the first year under "Срок": the deadline column itself
        else:
            out.append(OTHER)
    return out


def _numbering_row(cells: list[str]) -> bool:
    nonempty = [clean(c) for c in cells if clean(c)]
    return len(nonempty) >= 2 and all(_COLUMN_NUMBERS.match(c) for c in nonempty) and \
        [int(c.rstrip(".")) for c in nonempty] == list(range(1, len(nonempty) + 1))


def join_wrapped(first: str, second: str) -> str:
    """Join two paragraphs of one cell; "реализа-" + "ции" is one word again."""
    first, second = first.rstrip(), second.lstrip()
    if re.search(r"[А-Яа-яЁё]-$", first) and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}" if first and second else first or second


def logical_line(lines: list[str], index: int, tabs: int | None = None) -> tuple[str, int]:
    """The line at `index` joined with the lines that continue a multi-paragraph cell.

    Word's text export ends a cell's paragraph with a line break, so one row
    may take several lines; the following lines belong to it when none of
    them starts a new row (a leading tab or a number) and, together, they
    bring the row to `tabs` separators (or, for a header, a header is read).
    Returns the joined text and the 0-based index of its last line.
    """
    text = lines[index]
    end = index
    if tabs is None or text.count("\t") >= tabs:
        return text, end
    j = index + 1
    joined = text
    while j < len(lines) and j - index <= 6:
        nxt = lines[j]
        if not nxt.strip() or nxt.startswith("\t") or re.match(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s", nxt):
            break
        parts = nxt.split("\t")
        head, tail = parts[0], parts[1:]
        joined = join_wrapped(joined, head) + "".join("\t" + t for t in tail)
        if joined.count("\t") > tabs:
            break
        if joined.count("\t") == tabs:
            return joined, j
        j += 1
    return text, end


def find_layout(lines: list[str], index: int) -> Layout | None:
    """The table header that starts at line `index`, if one does."""
    line = lines[index]
    if "\t" not in line and not (0 < len(line.strip()) < 40 and index + 1 < len(lines)
                                 and "\t" in lines[index + 1]):
        return None
    # A header's last cell may wrap onto the next lines ("Срок реализа-" / "ции").
    candidates = [(line, index)]
    joined, j = line, index
    for k in range(index + 1, min(index + 4, len(lines))):
        nxt = lines[k]
        if not nxt.strip() or _subheader(nxt.split("\t")) or _numbering_row(nxt.split("\t")):
            break
        if re.match(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXL]+\.)(?:\s|\t)", nxt):
            break
        parts = nxt.split("\t")
        if nxt.startswith("\t") and len(parts) > 2:
            break
        joined = join_wrapped(joined, parts[0]) + "".join("\t" + t for t in parts[1:])
        j = k
        candidates.append((joined, j))
    best: Layout | None = None
    for text, last in candidates:
        layout = _layout(lines, index, text, last)
        if layout is None:
            continue
        if best is None:
            best = layout
            continue
        # A longer reading wins only when it recognises more columns and the
        # rows below have that many cells (a header cell wrapped onto the next line).
        below = lines[layout.last_line + 1] if layout.last_line + 1 < len(lines) else ""
        known = sum(f != OTHER for f in layout.fields)
        if known > sum(f != OTHER for f in best.fields) and len(layout.fields) <= below.count("\t") + 1:
            best = layout
    return best


_ROW_START = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVXL]+)[.)]?(?:\s|$)")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


def _layout(lines: list[str], index: int, text: str, last: int) -> Layout | None:
    cells = text.split("\t")
    if len(cells) < 2:
        return None
    # A data row is not a header: headers carry no row number, no dates, no long texts.
    texts = [clean(c) for c in cells]
    nonempty = [t for t in texts if t]
    if (any(_ROW_START.match(t) and not _QUARTER.match(t) for t in texts) or _DATE.search(text) or not nonempty
            or max(len(t) for t in texts) > 160 or sum(map(len, nonempty)) / len(nonempty) > 70):
        return None
    top = _fields(cells)
    if sum(f is not None for f in top) * 2 < len(nonempty):
        return None  # most cells say nothing a header would
    if top[0] is None and not clean(cells[0]):
        top[0] = NUMBER  # an empty first header cell over the row numbers
    fields: list[str] = [f or OTHER for f in top]
    end = last
    if end + 1 < len(lines) and _subheader(lines[end + 1].split("\t")):
        fields = _expand(top, lines[end + 1].split("\t"))
        end += 1
    if end + 1 < len(lines) and _numbering_row(lines[end + 1].split("\t")):
        end += 1
    if _is_plan(fields) and sum(f != OTHER for f in fields) >= 2:
        return Layout(fields, index, end, clean(text.replace("\t", " ")))
    return None


def is_numbering_row(cells: list[str]) -> bool:
    """The "1 2 3 4 5" line under a header (also a short "1 2")."""
    return _numbering_row(cells)
