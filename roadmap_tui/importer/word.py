"""Word documents (.docx) as they arrive, turned into the text the parser reads.

The bundled seeds are text extracted from Word: paragraphs one per line,
table rows as tab-separated cells. Reading a .docx the same way lets one
parser serve both; a real table has no page breaks, so the repairs the
parser makes for extracted text simply find nothing to repair.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from roadmap_tui.importer.columns import join_wrapped
from roadmap_tui.importer.types import DocumentError


def is_docx(data: bytes) -> bool:
    """A .docx is a ZIP holding word/document.xml (the extension may be missing)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes, name: str) -> str:
    """The document body in order: a line per paragraph, a tab-separated line per table row."""
    from docx import Document  # python-docx loads lxml: only when a .docx is imported
    from docx.table import Table

    try:
        document = Document(BytesIO(data))
    except Exception as error:  # noqa: BLE001  (python-docx raises many kinds on a broken file)
        raise DocumentError(f"файл {name}: не удалось прочитать документ Word ({error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it
            # spans; keep the column count (as Word's own text export does)
            # but the text only once.
            cells.append("" if cell._tc is previous else _cell_text(cell))
            previous = cell._tc
        lines.append("\t".join(cells))
    return lines


def _cell_text(cell: object) -> str:
    """A cell's paragraphs as one line; a word hyphenated across paragraphs is joined again."""
    text = ""
    for paragraph in cell.paragraphs:  # type: ignore[attr-defined]
        text = join_wrapped(text, " ".join(paragraph.text.split()))
    return text
