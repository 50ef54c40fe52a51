"""How well parsed documents match a golden file, graded as the corpus README says.

One home for the grading rule, shared by the corpus test and by
``python -m benchmarks.corpus``: an expected item is *found* when the
document has an item of the same kind whose title shares most words with
it (the number may be wrong and still be graded); then *number*,
*deadline* and *title* are compared after whitespace is collapsed.  A
directive's date left in the sentence with no "Срок"/"в срок" has no
golden deadline; an importer that also takes it as the deadline is not
counted wrong (the README's leniency).  ``responsible`` is informational.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .types import ParsedDocument, ParsedItem

GRADED = ("found", "number", "deadline", "title")


@dataclass
class DocumentGrade:
    name: str
    expected: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADED, 0))
    misses: list[str] = field(default_factory=list)  # Russian, one line per wrong field


def load_golden(path: Path) -> list[dict[str, object]]:
    """The golden items of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, len(wa | wb))


def match_item(gold: dict[str, object], items: list[ParsedItem], taken: set[int]) -> ParsedItem | None:
    """The parsed item that stands for a golden one, or None when it was not found."""
    best: tuple[float, int] | None = None
    for k, item in enumerate(items):
        if k in taken or item.kind != gold["kind"]:
            continue
        score = _overlap(item.title, str(gold["title"])) + (0.3 if item.number == gold["number"] else 0)
        if best is None or score > best[0]:
            best = (score, k)
    if best is None or best[0] < 0.5:
        return None
    taken.add(best[1])
    return items[best[1]]


def _deadline_right(gold: dict[str, object], item: ParsedItem) -> bool:
    want, got = _norm(gold["deadline_raw"]), _norm(item.deadline_raw)
    if want == got:
        return True
    # A date left in the sentence may also be taken as the deadline.
    return want is None and isinstance(got, str) and got in str(_norm(gold["title"]))


def grade_document(name: str, golden: list[dict[str, object]], doc: ParsedDocument) -> DocumentGrade:
    """Grade one document against its golden items."""
    grade = DocumentGrade(name)
    taken: set[int] = set()
    for gold in golden:
        grade.expected += 1
        item = match_item(gold, doc.items, taken)
        label = f"{name} п. {gold['number']}"
        if item is None:
            grade.misses.append(f"{label}: не найден")
            continue
        checks = {
            "found": True,
            "number": item.number == gold["number"],
            "deadline": _deadline_right(gold, item),
            "title": _norm(item.title) == _norm(gold["title"]),
        }
        for key, ok in checks.items():
            grade.right[key] += ok
            if not ok:
                got = {"number": item.number, "deadline": item.deadline_raw, "title": item.title}[key]
                grade.misses.append(f"{label}: {key} «{str(got)[:70]}»")
    return grade


def total(grades: list[DocumentGrade]) -> DocumentGrade:
    """The sum of several documents' grades."""
    out = DocumentGrade("итого")
    for grade in grades:
        out.expected += grade.expected
        for key in GRADED:
            out.right[key] += grade.right[key]
        out.misses += grade.misses
    return out


def grade_corpus(folder: Path, golden_file: Path) -> list[DocumentGrade]:
    """Parse each document the golden file names (from `folder`) and grade it."""
    from .parse import read_document

    golden = load_golden(golden_file)
    names = list(dict.fromkeys(str(g["doc"]) for g in golden))
    return [grade_document(name, [g for g in golden if g["doc"] == name], read_document(folder / name))
            for name in names]


def table(grades: list[DocumentGrade]) -> str:
    """Per-document and total figures, as `benchmarks.corpus` prints them."""
    head = f"{'документ':<40}{'ожид.':>6}{'найдено':>9}{'номер':>7}{'срок':>6}{'название':>10}"
    rows = [head]
    for grade in [*grades, total(grades)]:
        r = grade.right
        rows.append(f"{grade.name:<40}{grade.expected:>6}{r['found']:>9}{r['number']:>7}"
                    f"{r['deadline']:>6}{r['title']:>10}")
    whole = total(grades)
    if whole.expected:
        share = {k: 100 * whole.right[k] / whole.expected for k in GRADED}
        rows.append(f"{'доля, %':<40}{'':>6}{share['found']:>9.1f}{share['number']:>7.1f}"
                    f"{share['deadline']:>6.1f}{share['title']:>10.1f}")
    return "\n".join(rows)
