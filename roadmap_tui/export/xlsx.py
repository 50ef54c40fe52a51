"""`roadmap export xlsx`: the department's spreadsheet for the region, built with openpyxl.

Sheets: «Сводка» (the head's summary per body, totals row), «Просрочено»
(every overdue assignment with days overdue and the report form), then one
sheet per document: items × bodies, a status per cell coloured (overdue red,
done green, in work yellow), totals per row and per column. Headings are
Russian, header rows frozen, filters on, widths set, dates real Excel dates.

The workbook is written in openpyxl's write-only mode (rows streamed to the
file) and every figure comes from a grouped or streamed query, so a
million-assignment database is never held in Python as rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from roadmap_tui.errors import NotFound
from roadmap_tui.export import source, summary
from roadmap_tui.export.clean import one_line
from roadmap_tui.export.files import write_atomic
from roadmap_tui.export.source import BodyRow, DocInfo, ItemInfo, Source, as_date
from roadmap_tui.model.kinds import kind_rank
from roadmap_tui.read.states import Derived, state_sql, status_name

DATE_FORMAT = "DD.MM.YYYY"
RED = PatternFill("solid", fgColor="F4B6B6")
GREEN = PatternFill("solid", fgColor="C6EFCE")
YELLOW = PatternFill("solid", fgColor="FFF2B2")
GREY = PatternFill("solid", fgColor="E0E0E0")
HEADER = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_SHEET_TITLE = 31  # Excel's limit
REPORT_FORM_CHARS = 300


@dataclass
class XlsxReport:
    path: Path
    sheets: list[str]
    overdue_rows: int


def _cell(ws: WriteOnlyWorksheet, value: Any, *, fill: PatternFill | None = None, bold: bool = False,
          wrap: bool = False, number_format: str | None = None) -> Any:
    """A styled cell, or the bare value where there is no style (styling costs most of the export's time)."""
    if fill is None and not bold and not wrap and not number_format and not isinstance(value, date):
        return value
    cell = WriteOnlyCell(ws, value=value)
    if fill is not None:
        cell.fill = fill
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = WRAP
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _sheet(wb: Workbook, title: str, header: Sequence[str], widths: Sequence[float], rows: int | None = None,
           taken: set[str] | None = None) -> WriteOnlyWorksheet:
    """A sheet with a frozen, bold, filtered header row and set widths (all declared before the rows)."""
    name = _sheet_title(title, taken if taken is not None else set())
    ws: WriteOnlyWorksheet = wb.create_sheet(name)
    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = "B2" if len(header) > 1 else "A2"
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(2, (rows or 0) + 1)}"
    ws.append([_cell(ws, h, fill=HEADER, bold=True, wrap=True) for h in header])
    return ws


def _sheet_title(title: str, taken: set[str]) -> str:
    base = "".join(ch for ch in one_line(title) if ch not in "[]:*?/\\")[:MAX_SHEET_TITLE].strip() or "Лист"
    name, k = base, 2
    while name.lower() in taken:
        suffix = f" ({k})"
        name, k = base[: MAX_SHEET_TITLE - len(suffix)] + suffix, k + 1
    taken.add(name.lower())
    return name


def _body_order(bodies: dict[int, BodyRow]) -> list[int]:
    return sorted(bodies, key=lambda b: (kind_rank(bodies[b].kind), bodies[b].label, b))


def _percent(f: summary.Figures) -> float:
    return round(f.percent_done / 100, 4)


def _summary_sheet(wb: Workbook, src: Source, as_of: date, doc: DocInfo | None, bodies: dict[int, BodyRow],
                   taken: set[str]) -> None:
    rows = summary.by_arrears(list(summary.figures(src, as_of, document_id=doc.id if doc else None).values()))
    header = ("Ответственный", "Поручений", "Выполнено в срок", "Выполнено с нарушением срока", "Просрочено",
              "Наступил срок", "% выполнено", "Наибольшая просрочка, дней", "Самый ранний просроченный срок")
    ws = _sheet(wb, "Сводка", header, (42, 11, 12, 14, 12, 12, 12, 14, 16), len(rows) + 1, taken)
    for f in [*rows, summary.total(rows, as_of)]:
        is_total = f.key == 0
        name = "Итого" if is_total else bodies[f.key].full_name or bodies[f.key].label
        ws.append([
            _cell(ws, name, bold=is_total),
            _cell(ws, f.assignments, bold=is_total), _cell(ws, f.on_time, bold=is_total),
            _cell(ws, f.late, bold=is_total),
            _cell(ws, f.overdue, bold=is_total, fill=RED if f.overdue else None),
            _cell(ws, f.come_due, bold=is_total),
            _cell(ws, _percent(f), bold=is_total, number_format="0%"),
            _cell(ws, f.longest_delay, bold=is_total),
            _cell(ws, f.oldest_overdue, bold=is_total),
        ])


_OVERDUE = state_sql(Derived.OVERDUE)


def _overdue_rows(src: Source, as_of: date, doc: DocInfo | None) -> Iterator[Sequence[Any]]:
    only = "AND i.document_id = :doc" if doc else ""
    return src.stream(f"""
        SELECT a.body_id, a.item_id, a.due_on, a.status, a.comment
        FROM assignment a JOIN item i ON i.id = a.item_id
        WHERE {_OVERDUE} {only}
        ORDER BY a.due_on, a.body_id, i.position, a.id""", {"today": as_of, "doc": doc.id if doc else None})


def _count_overdue(src: Source, as_of: date, doc: DocInfo | None) -> int:
    only = "AND i.document_id = :doc" if doc else ""
    rows = src.rows(f"""SELECT COUNT(*) FROM assignment a JOIN item i ON i.id = a.item_id
                        WHERE {_OVERDUE} {only}""", {"today": as_of, "doc": doc.id if doc else None})
    return int(rows[0][0] or 0)


def _overdue_sheet(wb: Workbook, src: Source, as_of: date, doc: DocInfo | None, bodies: dict[int, BodyRow],
                   items: dict[int, ItemInfo], docs: dict[int, DocInfo], taken: set[str]) -> int:
    header = ("Срок", "Дней просрочки", "Ответственный", "Документ", "Пункт", "Мероприятие", "Форма отчёта",
              "Статус", "Комментарий")
    count = _count_overdue(src, as_of, doc)
    ws = _sheet(wb, "Просрочено", header, (12, 10, 30, 26, 8, 60, 40, 14, 30), count, taken)
    for body_id, item_id, due_raw, status, comment in _overdue_rows(src, as_of, doc):
        item = items[item_id]
        due = as_date(due_raw)
        assert due is not None  # the query asks for due_on < as_of
        item_doc = docs.get(item.document_id)
        ws.append([
            _cell(ws, due), _cell(ws, (as_of - due).days, fill=RED),
            _cell(ws, bodies[body_id].label), _cell(ws, item_doc.label if item_doc else ""),
            _cell(ws, item.number), _cell(ws, one_line(item.title), wrap=True),
            _cell(ws, _short(item.report_form), wrap=True),
            _cell(ws, status_name(status)), _cell(ws, one_line(comment) or None),
        ])
    return count


def _short(text: str | None) -> str | None:
    text = one_line(text)
    return text if len(text) <= REPORT_FORM_CHARS else text[: REPORT_FORM_CHARS - 1] + "…"


_MATRIX = f"""
SELECT a.item_id, a.body_id, COUNT(*),
       SUM(CASE WHEN {state_sql("status:done")} THEN 1 ELSE 0 END),
       SUM(CASE WHEN {state_sql(Derived.CANCELLED)} THEN 1 ELSE 0 END),
       SUM(CASE WHEN {_OVERDUE} THEN 1 ELSE 0 END),
       SUM(CASE WHEN {state_sql("status:in_progress")} THEN 1 ELSE 0 END)
FROM assignment a JOIN item i ON i.id = a.item_id
WHERE i.document_id = :doc
GROUP BY a.item_id, a.body_id
"""


def _matrix_cell(total: int, done: int, cancelled: int, overdue: int, working: int) -> tuple[str, PatternFill | None]:
    """What one (item, body) cell says, over all the item's occurrences."""
    count = f" ({done} из {total - cancelled})" if total - cancelled > 1 else ""
    if cancelled == total:
        return "отменено", GREY
    if overdue:
        late = f" ({overdue} из {total - cancelled})" if total - cancelled > 1 else ""
        return f"просрочено{late}", RED
    if done + cancelled == total:
        return f"выполнено{count}", GREEN
    if working:
        return f"в работе{count}", YELLOW
    return f"запланировано{count}", None


def _document_sheet(wb: Workbook, src: Source, as_of: date, doc: DocInfo, bodies: dict[int, BodyRow],
                    items: dict[int, ItemInfo], taken: set[str]) -> str:
    cells: dict[tuple[int, int], tuple[int, int, int, int, int]] = {}
    for item_id, body_id, *figures in src.stream(_MATRIX, {"today": as_of, "doc": doc.id}):
        cells[(int(item_id), int(body_id))] = tuple(int(c or 0) for c in figures)  # type: ignore[assignment]
    doc_items = sorted((i for i in items.values() if i.document_id == doc.id), key=lambda i: (i.position, i.id))
    used = {b for _, b in cells}
    columns = [b for b in _body_order(bodies) if b in used]
    header = ("Пункт", "Мероприятие", "Срок по документу", *(bodies[b].label for b in columns),
              "Всего", "Выполнено", "Просрочено")
    widths = (8, 50, 18, *(14 for _ in columns), 9, 11, 11)
    ws = _sheet(wb, doc.number and f"№ {doc.number}" or doc.label, header, widths, len(doc_items) + 1, taken)
    col_done = dict.fromkeys(columns, 0)
    col_overdue = dict.fromkeys(columns, 0)
    col_total = dict.fromkeys(columns, 0)
    for item in doc_items:
        row = [_cell(ws, item.number), _cell(ws, one_line(item.title), wrap=True),
               _cell(ws, one_line(item.deadline) or None, wrap=True)]
        total = done = overdue = 0
        for b in columns:
            counts = cells.get((item.id, b))
            if counts is None:
                row.append(_cell(ws, None))
                continue
            text, fill = _matrix_cell(*counts)
            row.append(_cell(ws, text, fill=fill))
            total += counts[0] - counts[2]
            done += counts[1]
            overdue += counts[3]
            col_total[b] += counts[0] - counts[2]
            col_done[b] += counts[1]
            col_overdue[b] += counts[3]
        row += [_cell(ws, total), _cell(ws, done), _cell(ws, overdue, fill=RED if overdue else None)]
        ws.append(row)
    for label, per in (("Итого поручений", col_total), ("Итого выполнено", col_done),
                       ("Итого просрочено", col_overdue)):
        ws.append([_cell(ws, None), _cell(ws, label, bold=True), _cell(ws, None),
                   *(_cell(ws, per[b], bold=True, fill=RED if per is col_overdue and per[b] else None)
                     for b in columns),
                   _cell(ws, sum(per.values()), bold=True)])
    return str(ws.title)


def _choose(docs: dict[int, DocInfo], wanted: str | None) -> list[DocInfo]:
    ordered = sorted(docs.values(), key=lambda d: (d.source_name, d.id))
    if wanted is None:
        return ordered
    chosen = [d for d in ordered if wanted in (d.number, d.source_name, str(d.id), Path(d.source_name).stem)]
    if not chosen:
        raise NotFound(f"Документ «{wanted}» не найден. Список: roadmap documents")
    return chosen[:1]


def export_xlsx(db_url: str, out: Path, as_of: date, *, document: str | None = None) -> XlsxReport:
    """Write the workbook to `out` atomically (see the module docstring)."""
    from io import BytesIO

    with source.open_source(db_url) as src:
        bodies, docs = source.bodies(src), source.documents(src)
        chosen = _choose(docs, document)
        doc = chosen[0] if document is not None else None
        items = source.items(src, bodies)
        wb = Workbook(write_only=True)
        taken: set[str] = set()
        _summary_sheet(wb, src, as_of, doc, bodies, taken)
        overdue = _overdue_sheet(wb, src, as_of, doc, bodies, items, docs, taken)
        for d in chosen:
            _document_sheet(wb, src, as_of, d, bodies, items, taken)
        buffer = BytesIO()
        wb.save(buffer)
    write_atomic(out, buffer.getvalue())
    return XlsxReport(out, [ws.title for ws in wb.worksheets], overdue)


