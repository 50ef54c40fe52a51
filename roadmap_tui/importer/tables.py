"""Plan tables ("План мероприятий …") → plan-row items, repairing page breaks.

A table is found by its header, whose columns are read by meaning
(``columns.py``); the number may have its own column, sit inside the title
cell ("1. Проведение …") or be missing (rows are then numbered in order,
with a warning on the item).  Quarter columns marked "х" give the item a
``deadline_hint`` ("II, III кв.").  Rows that give no item (editorial
notes, unnumbered lines nobody understands, rows of a table whose header
was not understood) are returned as skipped lines; repairs are attached
to the item they concern.

Word-to-text conversion leaves a roadmap table as tab-separated lines, but
page breaks damage it: a row's text continues on a later line whose first
cell is empty, cells shift by one, two cells merge into one, a row's cells
land on the line above its number.  Every repair below is a general rule,
applied wherever its pattern occurs, and each one leaves a warning so that
a reviewer can check it.  The rules, in order of application:

1. A line whose first cell is empty and whose second is a row number is a
   row shifted right by one cell; it is realigned.
2. A row with fewer cells than the header has columns is aligned by content
   (a deadline looks like a date or a period, a form like "очно", an
   executor names a known body); a cell holding two paragraphs, a deadline
   and a form, is split; a cell holding an executor and a "100% ОО …"
   indicator is split at the indicator.
3. A line whose first cell is empty continues the previous row: its title
   cell extends the title, a body name extends the executor, other text
   extends the cell of its column (an executor-column cell that names no
   body belongs to the report), and text for a column that is empty in the
   previous row extends the title.
4. If the row after such a line has only a number and a title, the line's
   other cells are that row's (it was printed a line too early).
5. Two consecutive lines with the same number, one of them without a title,
   are one row.
6. A report or note cell that starts in lower case continues the same cell
   of the previous row (a merged cell whose tail was printed in the next row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bodies import body_spans, continues_phrase, find_person, is_body_only, is_infinitive, match_bodies
from .columns import NUMBER, Layout, column_field, find_layout, is_numbering_row, logical_line
from .skips import EDITORIAL, ORPHAN_CONTINUATION, SUBHEADING, UNNUMBERED_ROW
from .text import clean, join, paragraphs, starts_lower
from .types import ParsedItem, SkippedLine

FIELDS = ("title", "deadline", "form", "executor", "report", "note")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?$")
_SECTION = re.compile(r"^(?:Раздел\s+)?(\d+|[IVXL]+)\.?\s+(\S.*)$", re.I)
_ROMAN = re.compile(r"^[IVXL]+\.?$")
# "1. Проведение …", "2) Рассмотрение …": a row number printed inside the title cell.
_NUMBER_IN_TITLE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]\s*(?=[^\d\s.)])")
_EDITORIAL = re.compile(r"^\(.*(?:редакци|утратил|изменени|введен|исключен).*\)?$", re.I)
_MARK = re.compile(r"^(?:[хxХX+✓✔v•*]|да)$")
_NO_MARK = re.compile(r"^[-–—]?$")
_DEADLINE = re.compile(
    r"^(?:до\b|по\s+плану|по\s+отдельному|в\s+течени|ежегодно|ежемесячно|ежекварт|постоянно"
    r"|\d|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|далее|[IVX]+\s+квартал)|квартал|раз\s+в\s", re.I)
# Who acts, in any region: a body or a post, even when the registry does not know it.
_EXECUTOR_WORDS = re.compile(r"^(?:\S+\s+){0,2}(?:отдел|управлени|министерств|минобр|минпрос|департамент|комитет|"
                             r"руководител|директор|заместител|учител|методист|педагог|классн|администраци|"
                             r"центр|специалист|начальник|глав)", re.I)
# A deadline as a cell prints it: a month, a date, "в течение …" (a header names "Срок").
_DEADLINE_VALUE = re.compile(
    r"^(?:до\b|к\b|с\b|в\s+течени|ежегодно|ежемесячно|еженедельно|ежекварт|постоянно|\d"
    r"|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)", re.I)
_FORM = re.compile(r"^(?:очно|заочно|дистанционно|онлайн|офлайн|смешанн)", re.I)
_PERCENT = re.compile(r"\d+\s*%\s*(?:ОО\b)?")
_TERMINAL = re.compile(r"[.!?»)]$")


@dataclass
class Row:
    number: str
    section: str | None
    section_number: str | None
    cells: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)

    def extend(self, name: str, text: str, line: int) -> None:
        self.cells[name] = join(self.cells.get(name), text)
        if line not in self.lines:
            self.lines.append(line)

    def only_title(self) -> bool:
        return not any(self.cells.get(f) for f in FIELDS if f != "title")


def find_plan_title(lines: list[str], header_index: int) -> str | None:
    """The heading printed above the table ("План мероприятий … на период до 2025 года")."""
    for i in range(header_index - 1, max(-1, header_index - 15), -1):
        if re.match(r"^\W*План\b", clean(lines[i])):
            block = []
            for line in lines[i:header_index]:
                if not line.strip() or "\t" in line:
                    break
                block.append(line)
            return clean(" ".join(block)) or None
    return _heading_above(lines, header_index)


# Lines of a stamp or of requisites, not a heading: "Приложение к приказу", "от 05.02.2025 № 31".
_REQUISITE = re.compile(r"^(?:приложени|утвержд|согласован|к\s+(?:приказу|распоряжению|постановлению)"
                        r"|от\s+\d|№|\d{1,2}\.\d{1,2}\.\d{4})|№\s*\S+$", re.I)


def _heading_above(lines: list[str], header_index: int) -> str | None:
    """The paragraph just above a table ("Дорожная карта … на 2025 год"), whatever it calls the plan."""
    end = header_index
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip() and "\t" not in lines[start - 1] and end - start < 4:
        start -= 1
    block = [clean(x) for x in lines[start:end]]
    if not block or "\t" in lines[end - 1] or any(_REQUISITE.search(x) for x in block):
        return None
    text = " ".join(block)
    return text if text[:1].isupper() and len(text) <= 300 and not text.endswith(":") else None


class TableParser:
    """Parses one plan table whose header `layout` recognised."""

    def __init__(self, lines: list[str], layout: Layout) -> None:
        self.lines = lines
        self.layout = layout
        self.start = layout.last_line
        fields = layout.fields
        self.num_index = fields.index(NUMBER) if NUMBER in fields else None
        self.columns = [f for f in fields if f != NUMBER]
        self.title_index = fields.index("title")
        self.warnings: list[tuple[int, str]] = []
        self.skipped: list[SkippedLine] = []
        self.rows: list[Row] = []
        self.section: tuple[str, str] | None = None
        self.end = len(lines)  # 0-based index after the table's last line
        self.printed_numbers = False
        self.ordinals: set[int] = set()
        self.merged: dict[int, list[int]] = {}  # first line of a row → the lines joined to it

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, message))

    def skip(self, line: int, text: str, reason: str) -> None:
        self.skipped.append(SkippedLine(line, text[:200], reason))

    def _normalise(self, raw: list[str]) -> list[str]:
        """Cells in the parser's order: the row number first, then the other columns."""
        if self.num_index is not None:
            ni = self.num_index
            if ni == 0 or len(raw) <= ni:
                return raw
            return [raw[ni]] + raw[:ni] + raw[ni + 1:]
        ti = self.title_index
        raw = list(raw)
        if len(raw) == len(self.layout.fields) + 1 and _NUMBER.match(clean(raw[0])):
            # The header printed no "№" cell over the row numbers.
            self.printed_numbers = True
            return raw
        number = ""
        if len(raw) > ti:
            title = clean(raw[ti])
            m = _NUMBER_IN_TITLE.match(title)
            if m:
                number = m.group(1)
                raw[ti] = title[m.end():]
                self.printed_numbers = True
        return [number] + raw

    # -- pass 1: classify lines -------------------------------------------
    def _records(self) -> list[tuple[str, int, list[str]]]:
        records: list[tuple[str, int, list[str]]] = []
        tabs = len(self.layout.fields) - 1
        i = self.start
        while i + 1 < len(self.lines):
            i += 1
            ln = i + 1
            line = self.lines[i]
            numbered_title = self.num_index is None and bool(_NUMBER_IN_TITLE.match(clean(line)))
            if ("\t" in line or numbered_title) and line.count("\t") < tabs:
                # A cell of several paragraphs: the row goes on over the next lines.
                line, last = logical_line(self.lines, i, tabs)
                if last > i:
                    self.warn(ln, f"ячейка из нескольких абзацев собрана (строки {ln}–{last + 1})")
                    self.merged[ln] = list(range(ln + 1, last + 2))
                    i = last
            raw = line.split("\t")
            cells = [clean(c) for c in raw]
            if not any(c.strip("-–—|* ") for c in cells):
                continue  # an empty or ruled-off line
            if len(raw) == 1:
                text = cells[0]
                m = _SECTION.match(text)
                if m and _orders_something(m.group(2)):
                    self.end = i
                    break  # "2. Контроль … возложить на …": the order goes on after the table
                if m and not _NUMBER.match(text):
                    records.append(("section", ln, [m.group(1), m.group(2)]))
                elif starts_lower(text) and self.rows:
                    records.append(("tail", ln, [text]))
                elif len(text) < 120 and not text.endswith(".") and self.num_index is None:
                    # A table without numbers groups its rows under headings
                    # printed as a line of their own ("Организационная работа").
                    records.append(("section", ln, ["", text]))
                elif len(text) < 120 and not text.endswith("."):
                    records.append(("skip", ln, cells))
                else:
                    self.end = i
                    break  # prose after the table
                continue
            if _heads_a_table(cells) and find_layout(self.lines, i) is not None:
                self.end = i
                break  # another table starts
            if is_numbering_row(raw):
                continue  # the "1 2 3 4 5" column-numbering line
            if self.num_index is not None and not cells[0] and len(cells) > 1 and _NUMBER.match(cells[1]):
                self.warn(ln, "ячейки сдвинуты вправо на одну, строка выровнена")
                raw, cells = raw[1:], cells[1:]
            nonempty = [c for c in cells if c]
            if len(nonempty) == 1 and _EDITORIAL.match(nonempty[0]):
                self.skip(ln, nonempty[0], EDITORIAL)
                continue
            if (self.num_index is None and len(nonempty) == 1 and cells[0] and len(cells) > 1
                    and not _DEADLINE.search(cells[0])):
                # A row merged across the table: a stage or section heading.
                m = _SECTION.match(cells[0])
                records.append(("section", ln, [m.group(1), m.group(2)] if m else ["", cells[0]]))
                continue
            raw = self._normalise(raw)
            cells = [clean(c) for c in raw]
            if self.num_index is not None and cells[0] and not _NUMBER.match(cells[0]):
                m = _SECTION.match(cells[0])
                if m and not any(cells[1:]):
                    records.append(("section", ln, [m.group(1), m.group(2)]))
                elif _ROMAN.match(cells[0]) and len(cells) > 1 and not any(cells[2:]):
                    records.append(("section", ln, [cells[0].rstrip("."), cells[1]]))
                else:
                    records.append(("skip", ln, cells))
                continue
            if _NUMBER.match(cells[0]):
                number = _NUMBER.match(cells[0]).group(1)  # type: ignore[union-attr]
                if "." not in number and not any(cells[2:]):
                    records.append(("section", ln, [number, cells[1] if len(cells) > 1 else ""]))
                else:
                    records.append(("row", ln, raw))
            elif self.num_index is None and not self.printed_numbers and cells[1:] and cells[1]:
                title_row = cells[1 + self.title_index] if len(cells) > 1 + self.title_index else ""
                others = [c for k, c in enumerate(cells[1:]) if c and k != self.title_index]
                if title_row and not others:
                    m = _SECTION.match(title_row)
                    records.append(("section", ln, [m.group(1), m.group(2)] if m else ["", title_row]))
                elif title_row:
                    # No printed numbers at all: rows are numbered in order.
                    raw = [str(len([r for r in records if r[0] == "row"]) + 1)] + raw[1:]
                    self.ordinals.add(ln)
                    records.append(("row", ln, raw))
                else:
                    records.append(("cont", ln, raw))
            else:
                records.append(("cont", ln, raw))
        return records

    # -- row alignment ------------------------------------------------------
    def _row(self, ln: int, raw: list[str]) -> Row:
        number = _NUMBER.match(clean(raw[0])).group(1)  # type: ignore[union-attr]
        sec_no, sec = self.section if self.section else (None, None)
        sec_no = sec_no or None
        row = Row(number, sec, sec_no, lines=[ln, *self.merged.get(ln, [])])
        data = raw[1:]
        cols = self.columns
        if len(data) < len(cols):  # a short row: trailing empty cells say nothing
            while data and not clean(data[-1]):
                data.pop()
        if len(data) >= len(cols):
            for name, cell in zip(cols, data, strict=False):
                row.cells[name] = clean(cell)
            return row
        cells: list[tuple[str, str | None]] = []
        for cell in data:
            paras = paragraphs(cell)
            if (len(paras) == 2 and "form" in cols and _DEADLINE.search(paras[0])
                    and _FORM.match(paras[1])):
                self.warn(ln, f"ячейка «{clean(cell)}» разделена на срок и форму")
                cells += [(paras[0], "deadline"), (paras[1], "form")]
            else:
                cells.append((clean(cell), None))
        if cells and len(cells) < len(cols) and "executor" in cols:
            cells[-1:] = self._split_percent(ln, cells[-1][0]) or cells[-1:]
        self._align(row, cells)
        return row

    def _split_percent(self, ln: int, text: str) -> list[tuple[str, str | None]] | None:
        """Split "Исполнитель 100% ОО …" / "100% ОО Исполнитель" into executor and report."""
        m = _PERCENT.search(text)
        if not m:
            return None
        before, indicator, after = text[: m.start()].strip(), m.group(0).strip(), text[m.end():]
        after = after.strip()
        if before:
            self.warn(ln, f"ячейка «{text}» разделена на исполнителя и отчёт")
            return [(before, "executor"), (text[m.start():].strip(), "report")]
        if after and is_body_only(after):
            self.warn(ln, f"ячейка «{text}» разделена на исполнителя и отчёт")
            return [(after, "executor"), (indicator, "report")]
        return [(text, "report")]

    def _align(self, row: Row, cells: list[tuple[str, str | None]]) -> None:
        cols = self.columns
        spare = len(cols) - len(cells)
        j = 0
        for text, forced in cells:
            while j < len(cols):
                name = cols[j]
                if forced and name != forced and forced in cols[j:]:
                    j += 1
                    continue
                if not forced and spare > 0 and not _accepts(name, text):
                    spare -= 1
                    j += 1
                    continue
                break
            if j >= len(cols):
                row.extend(cols[-1], text, row.lines[0])
                continue
            row.cells[cols[j]] = text
            j += 1

    # -- pass 2: build rows ---------------------------------------------------
    def parse(self) -> list[Row]:
        records = self._records()
        for k, (kind, ln, payload) in enumerate(records):
            if kind == "section":
                self.section = (payload[0], payload[1])
                if not payload[0]:
                    self.section = None if not payload[1] else ("", payload[1])
            elif kind == "skip":
                text = join(*payload)
                reason = SUBHEADING if len([c for c in payload if c]) == 1 else UNNUMBERED_ROW
                self.skip(ln, text, reason)
            elif kind == "tail":
                self._tail(ln, payload[0])
            elif kind == "row":
                row = self._row(ln, list(payload))
                prev = self.rows[-1] if self.rows else None
                if any(ln in r.lines for r in self.rows):
                    continue  # created early by a continuation line (rule 4)
                if prev and prev.number == row.number and (
                        not prev.cells.get("title") or row.only_title()):
                    self.warn(ln, f"строка {row.number} собрана из двух строк")
                    for name, text in row.cells.items():
                        if text and not prev.cells.get(name):
                            prev.cells[name] = text
                    prev.lines.append(ln)
                else:
                    self.rows.append(row)
            else:
                nxt = records[k + 1] if k + 1 < len(records) else None
                self._continuation(ln, payload, nxt)
        self._merged_tails()
        return self.rows

    def _continuation(self, ln: int, raw: list[str],
                      nxt: tuple[str, int, list[str]] | None) -> None:
        if not self.rows:
            self.skip(ln, join(*[clean(c) for c in raw]), ORPHAN_CONTINUATION)
            return
        prev = self.rows[-1]
        target: Row | None = None
        if nxt and nxt[0] == "row" and not any(clean(c) for c in nxt[2][2:]):
            candidate = self._row(nxt[1], list(nxt[2]))
            if candidate.number != prev.number:
                target = candidate
                self.rows.append(candidate)  # created early; pass 2 will skip it
        cols = self.columns
        for i, cell in enumerate(raw[1:]):
            text = clean(cell)
            if not text:
                continue
            name = cols[min(i, len(cols) - 1)]
            if name == "title":
                prev.extend("title", text, ln)
            elif target is not None:
                target.extend(name, text, ln)
            elif "executor" in cols and _begins_with_body(text):
                prev.extend("executor", text, ln)
            else:
                if name in ("deadline", "form", "executor"):
                    later = [c for c in ("report", "note") if c in cols and prev.cells.get(c)]
                    name = later[0] if later else name
                if not prev.cells.get(name):
                    self.warn(ln, f"текст «{text[:40]}» отнесён к наименованию {prev.number}")
                    name = "title"
                prev.extend(name, text, ln)
        if target is not None:
            target.lines.sort()
            self.warn(ln, f"ячейки строки {target.number} напечатаны строкой выше")

    def _tail(self, ln: int, text: str) -> None:
        """A lower-case line after a row: the next paragraph of the row's last filled cell."""
        prev = self.rows[-1]
        filled = [c for c in self.columns if prev.cells.get(c)]
        name = filled[-1] if filled else "title"
        self.warn(ln, f"строка «{text[:40]}» присоединена к строке {prev.number}")
        prev.extend(name, text, ln)

    def _merged_tails(self) -> None:
        for prev, row in zip(self.rows, self.rows[1:], strict=False):
            for name in ("report", "note"):
                text, before = row.cells.get(name, ""), prev.cells.get(name, "")
                if (text and before and starts_lower(text) and not _TERMINAL.search(before)
                        and continues_phrase(text)):
                    self.warn(row.lines[0], f"«{text[:40]}» — продолжение ячейки строки "
                                            f"{prev.number}, перенесено")
                    prev.extend(name, text, row.lines[0])
                    prev.lines.sort()
                    row.cells[name] = ""


def _heads_a_table(cells: list[str]) -> bool:
    """Whether a line inside a table is the header of another one, not a row of this one.

    A row can hold header words ("Утверждение плана работы ⇥ Август ⇥
    Руководитель МО"), so inside a table a header must name a column in every
    cell, in short cells, and print no deadline value.
    """
    texts = [t for t in cells if t]
    return bool(texts) and all(
        len(t) <= 60 and column_field(t) is not None and not _DEADLINE_VALUE.match(t) for t in texts)


def _orders_something(text: str) -> bool:
    """A numbered prose line with an infinitive is an order's point, not a section heading."""
    words = re.findall(r"[А-Яа-яЁё-]+", text)[:15]
    return any(is_infinitive(w) for w in words)


def _begins_with_body(text: str) -> bool:
    spans = body_spans(text)
    return bool(spans) and not text[: spans[0][0]].strip(" ,;-–")


def _accepts(name: str, text: str) -> bool:
    if name == "title":
        return not _DEADLINE.search(text)
    if name == "deadline":
        return bool(_DEADLINE.search(text))
    if name == "form":
        return bool(_FORM.match(text))
    if name == "executor":
        named = bool(match_bodies(text)) or bool(find_person(text)) or bool(_EXECUTOR_WORDS.search(text))
        return named and not _PERCENT.match(text)
    if name.startswith("q:"):
        return bool(_MARK.match(text) or _NO_MARK.match(text))
    return True


@dataclass
class TablesResult:
    """Everything the plan tables of a document gave."""

    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    plan_title: str | None = None
    table_lines: set[int] = field(default_factory=set)  # 1-based lines inside recognised tables


def parse_tables(lines: list[str]) -> TablesResult:
    """All plan tables of a document: items, repairs, skipped rows and the first table's heading."""
    result = TablesResult()
    i = 0
    while i < len(lines):
        layout = find_layout(lines, i) if lines[i].strip() else None
        if layout is None:
            i += 1
            continue
        result.plan_title = result.plan_title or find_plan_title(lines, i)
        parser = TableParser(lines, layout)
        rows = parser.parse()
        first_item = len(result.items)
        for row in rows:
            result.items.append(_item(row, result.items, parser.columns))
        own: dict[int, ParsedItem] = {}
        for item in result.items[first_item:]:
            for ln in item.source_lines:
                own.setdefault(ln, item)
            if any(ln in parser.ordinals for ln in item.source_lines):
                item.warnings.append("номер строки не напечатан: присвоен по порядку")
        for ln, message in parser.warnings:
            if ln in own:
                own[ln].warnings.append(message)
            else:
                result.warnings.append(f"строка {ln}: {message}")
        result.skipped += parser.skipped
        result.table_lines.update(range(layout.first_line + 1, parser.end + 1))
        i = max(parser.end, layout.last_line + 1)
    return result


def _quarter_hint(row: Row, columns: list[str]) -> str | None:
    """Quarter columns marked "х" → the quarter list phrase ("II, III кв.", "IV кв. 2013 г.")."""
    by_year: dict[str, list[str]] = {}
    for c in columns:
        if c.startswith("q:") and row.cells.get(c) and not _NO_MARK.match(row.cells[c]):
            roman, _, year = c[2:].partition(" ")
            by_year.setdefault(year, []).append(roman)
    parts = [f"{', '.join(romans)} кв." + (f" {year} г." if year else "")
             for year, romans in by_year.items()]
    return ", ".join(parts) or None


def _item(row: Row, earlier: list[ParsedItem], columns: list[str]) -> ParsedItem:
    c = {k: (v or None) for k, v in row.cells.items()}
    executor = c.get("executor")
    dup = sum(1 for it in earlier if it.kind == "plan_row" and it.number == row.number)
    item = ParsedItem(
        kind="plan_row", number=row.number, dup_index=dup, section=row.section,
        section_number=row.section_number, title=c.get("title") or "",
        deadline_raw=c.get("deadline"), form=c.get("form"), responsible_raw=executor,
        responsible=match_bodies(executor or ""), report_form=c.get("report"),
        note=c.get("note"), person=find_person(executor), source_lines=sorted(row.lines),
    )
    item.deadline_hint = _quarter_hint(row, columns)
    if executor and not item.responsible and not item.person:
        item.warnings.append(f"исполнитель «{executor[:60]}» не найден в реестре")
    if not item.title:
        item.warnings.append("у строки нет наименования")
    return item
