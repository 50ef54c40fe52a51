"""What an import did (or would do), per document: never silent.

The CLI prints it, `--json` gives it, the TUI's review shows the stored part
(item warnings and skipped lines). Counts are of the document as parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ItemDiff:
    """One item that a new edition added, changed or withdrew."""

    number: str
    title: str
    change: str  # "добавлен" | "изменён" | "исключён"
    fields: list[str] = field(default_factory=list)


@dataclass
class SkippedReport:
    line: int
    text: str
    reason: str


@dataclass
class DocumentReport:
    """What one document's import did."""

    source_name: str
    outcome: str  # "новый" | "новая редакция" | "без изменений"
    title: str | None = None
    document_id: int | None = None
    version: int = 1
    items: int = 0
    items_added: int = 0
    items_changed: int = 0
    items_withdrawn: int = 0
    assignments_added: int = 0
    assignments_cancelled: int = 0
    deadlines_moved: int = 0
    undated: int = 0
    unknown_deadlines: int = 0
    unrecognised_executors: list[str] = field(default_factory=list)
    skipped: list[SkippedReport] = field(default_factory=list)
    not_understood: int = 0  # skipped lines the document does not explain (loud warning)
    changes: list[ItemDiff] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def skipped_note(skipped: SkippedReport) -> str:
    return f"строка {skipped.line}: «{skipped.text[:120]}» — {skipped.reason}"
