"""Plan tables ("План мероприятий …") → plan-row items, repairing page breaks.

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

from .bodies import body_spans, find_person, is_body_only, match_bodies
from .text import clean, join, paragraphs, starts_lower
from .types import ParsedItem

FIELDS = ("title", "deadline", "form", "executor", "report", "note")
_HEADER = {
    "title": re.compile(r"наименовани|мероприяти", re.I),
    "deadline": re.compile(r"срок", re.I),
    "form": re.compile(r"форма\s+проведени", re.I),
    "executor": re.compile(r"исполнител|ответственн", re.I),
    "report": re.compile(r"отч[её]т|информация\s+об\s+исполнени|результат|показател", re.I),
    "note": re.compile(r"примечани", re.I),
}
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?$")
_SECTION = re.compile(r"^(\d+)\.?\s+(\S.*)$")
_DEADLINE = re.compile(
    r"^(?:до\b|по\s+плану|по\s+отдельному|в\s+течени|ежегодно|ежемесячно|ежекварт|постоянно"
    r"|\d|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|далее|[IVX]+\s+квартал)|квартал|раз\s+в\s", re.I)
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


def header_columns(cells: list[str]) -> list[str] | None:
    """Field name per column (column 0 is the number) if this line heads a plan table."""
    names: list[str] = []
    for cell in cells[1:]:
        text = clean(cell)
        # "Форма отчета" must not be taken for "Форма проведения" and vice versa.
        for name in ("form", "report", "note", "executor", "deadline", "title"):
            if _HEADER[name].search(text) and name not in names:
                names.append(name)
                break
        else:
            names.append("note" if "note" not in names else "report")
    if {"title", "deadline", "executor"} <= set(names):
        return names
    return None


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
    return None


class TableParser:
    """Parses one plan table starting at its header line (0-based index)."""

    def __init__(self, lines: list[str], header_index: int, columns: list[str]) -> None:
        self.lines = lines
        self.start = header_index
        self.columns = columns
        self.warnings: list[str] = []
        self.rows: list[Row] = []
        self.section: tuple[str, str] | None = None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"строка {line}: {message}")

    # -- pass 1: classify lines -------------------------------------------
    def _records(self) -> list[tuple[str, int, list[str]]]:
        records: list[tuple[str, int, list[str]]] = []
        for i in range(self.start + 1, len(self.lines)):
            raw = self.lines[i].split("\t")
            cells = [clean(c) for c in raw]
            ln = i + 1
            if not any(cells):
                continue
            if len(raw) == 1:
                m = _SECTION.match(cells[0])
                if m and not _NUMBER.match(cells[0]):
                    records.append(("section", ln, [m.group(1), m.group(2)]))
                elif len(cells[0]) < 120 and not cells[0].endswith("."):
                    records.append(("skip", ln, cells))
                else:
                    break  # prose after the table
                continue
            if header_columns(raw) is not None:
                break  # another table starts
            nonempty = [c for c in cells if c]
            if all(re.fullmatch(r"\d+", c) for c in nonempty) and len(nonempty) > 2:
                continue  # the "1 2 3 4 5" column-numbering line
            if not cells[0] and len(cells) > 1 and _NUMBER.match(cells[1]):
                self.warn(ln, "ячейки сдвинуты вправо на одну, строка выровнена")
                raw, cells = raw[1:], cells[1:]
            if _NUMBER.match(cells[0]):
                number = _NUMBER.match(cells[0]).group(1)  # type: ignore[union-attr]
                if "." not in number and not any(cells[2:]):
                    records.append(("section", ln, [number, cells[1] if len(cells) > 1 else ""]))
                else:
                    records.append(("row", ln, raw))
            elif cells[0]:
                m = _SECTION.match(cells[0])
                if m and not any(cells[1:]):
                    records.append(("section", ln, [m.group(1), m.group(2)]))
                else:
                    records.append(("skip", ln, cells))
            else:
                records.append(("cont", ln, raw))
        return records

    # -- row alignment ------------------------------------------------------
    def _row(self, ln: int, raw: list[str]) -> Row:
        number = _NUMBER.match(clean(raw[0])).group(1)  # type: ignore[union-attr]
        sec_no, sec = self.section if self.section else (None, None)
        row = Row(number, sec, sec_no, lines=[ln])
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
            elif kind == "skip":
                self.warn(ln, f"строка таблицы без номера «{join(*payload)[:60]}» пропущена")
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
            self.warn(ln, "продолжение строки без начала пропущено")
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

    def _merged_tails(self) -> None:
        for prev, row in zip(self.rows, self.rows[1:], strict=False):
            for name in ("report", "note"):
                text, before = row.cells.get(name, ""), prev.cells.get(name, "")
                if text and before and starts_lower(text) and not _TERMINAL.search(before):
                    self.warn(row.lines[0], f"«{text[:40]}» — продолжение ячейки строки "
                                            f"{prev.number}, перенесено")
                    prev.extend(name, text, row.lines[0])
                    prev.lines.sort()
                    row.cells[name] = ""


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
        return bool(match_bodies(text)) and not _PERCENT.match(text)
    return True


def parse_tables(lines: list[str]) -> tuple[list[ParsedItem], list[str], str | None]:
    """All plan tables of a document: items, warnings and the first table's heading."""
    items: list[ParsedItem] = []
    warnings: list[str] = []
    plan_title: str | None = None
    for i, line in enumerate(lines):
        if "\t" not in line:
            continue
        columns = header_columns(line.split("\t"))
        if columns is None:
            continue
        plan_title = plan_title or find_plan_title(lines, i)
        parser = TableParser(lines, i, columns)
        for row in parser.parse():
            items.append(_item(row, items))
        warnings += parser.warnings
    return items, warnings, plan_title


def _item(row: Row, earlier: list[ParsedItem]) -> ParsedItem:
    c = {k: (v or None) for k, v in row.cells.items()}
    executor = c.get("executor")
    dup = sum(1 for it in earlier if it.kind == "plan_row" and it.number == row.number)
    return ParsedItem(
        kind="plan_row", number=row.number, dup_index=dup, section=row.section,
        section_number=row.section_number, title=c.get("title") or "",
        deadline_raw=c.get("deadline"), form=c.get("form"), responsible_raw=executor,
        responsible=match_bodies(executor or ""), report_form=c.get("report"),
        note=c.get("note"), person=find_person(executor), source_lines=sorted(row.lines),
    )
