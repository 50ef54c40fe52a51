"""Entry points: text or file → :class:`ParsedDocument`.

This module only wires the parts together: requisites (``meta``), the
order's numbered points (``orders``), plan tables (``tables``) and the
schools the document names (``schools``).  Whatever looked like an
obligation but gave no item is collected in ``ParsedDocument.skipped``;
``skips`` turns an empty document or lines nobody understood into a loud
warning at the head of ``ParsedDocument.warnings``.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_tui.deadlines import plan_period_from_title
from roadmap_tui.errors import RoadmapError
from roadmap_tui.inputs import read_input

from .meta import parse_meta
from .orders import parse_orders
from .schools import SchoolIndex
from .skips import add_loud_warnings
from .tables import parse_tables
from .text import split_lines
from .types import DocumentError, ParsedDocument
from .unknown_tables import unknown_tables
from .word import docx_text, is_docx


def parse_document(text: str, source_name: str) -> ParsedDocument:
    """Parse the text of one document.  Never raises on odd text; repairs become warnings."""
    lines = split_lines(text.lstrip("\ufeff"))
    meta = parse_meta(lines)
    schools = SchoolIndex(text)
    doc = ParsedDocument(
        source_name=source_name, kind=meta.kind, number=meta.number, date=meta.date,
        title=meta.title, issuer=meta.issuer, municipality=meta.municipality,
        schools=schools.schools(),
    )
    tables = parse_tables(lines)
    plan_title = tables.plan_title
    orders = parse_orders(lines, meta.body_start, schools, skip_lines=tables.table_lines)
    # Document order: an order's points precede the plan it approves.
    doc.items = sorted(orders.items + tables.items,
                       key=lambda it: it.source_lines[0] if it.source_lines else 0)
    doc.warnings = orders.warnings + tables.warnings
    doc.skipped = sorted(orders.skipped + tables.skipped
                         + unknown_tables(lines, tables.table_lines),
                         key=lambda s: s.line)
    add_loud_warnings(doc)
    doc.plan_title = plan_title
    # The plan's own heading states its period; failing that, the order's
    # title often does ("Об утверждении плана … на 2024 – 2025 учебный год").
    period = plan_period_from_title(plan_title or "", meta.date)
    if period == (None, None):
        period = plan_period_from_title(meta.title or "", meta.date)
    doc.period_start, doc.period_end = period
    return doc


def read_document(path: Path) -> ParsedDocument:
    """Read a Word document (.docx) or its text (UTF-8; BOM and CRLF tolerated) and parse it."""
    path = Path(path)
    try:
        data = read_input(path)
    except RoadmapError as error:
        raise DocumentError(str(error)) from None
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    """Parse a document's bytes as read from the file called `name`."""
    if is_docx(data):
        return parse_document(docx_text(data, name), name)
    if b"\x00" in data[:4096]:
        raise DocumentError(f"файл {name} двоичный, а не текстовый")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"файл {name} не в кодировке UTF-8") from None
    if not text.strip():
        raise DocumentError(f"файл {name} пуст")
    return parse_document(text, name)
