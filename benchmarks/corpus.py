"""How well the importer reads other regions' acts: the visible corpus, graded.

Prints, per document and in total, how many golden items were found and how
many have the right number, deadline and title (grading as
``tests/fixtures/corpus/README.md`` describes; the rule lives in
``roadmap_tui.importer.grading``, shared with the tests), then the items
that missed, and the documents' loud warnings.

    python -m benchmarks.corpus [--corpus DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmap_tui.importer import read_document
from roadmap_tui.importer.grading import grade_corpus, table, total

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="папка с документами и golden.jsonl")
    args = parser.parse_args(argv)
    folder: Path = args.corpus
    sets = [("golden.jsonl", "текстовые документы"), ("golden_docx.jsonl", "документы Word (.docx)")]
    for golden, label in sets:
        if not (folder / golden).exists():
            continue
        grades = grade_corpus(folder, folder / golden)
        print(f"\n{label}: {folder / golden}")
        print(table(grades))
        for miss in total(grades).misses:
            print(f"  промах: {miss}")
    print("\nпредупреждения документов:")
    for path in sorted(folder.glob("*.*")):
        if path.suffix not in (".txt", ".docx"):
            continue
        doc = read_document(path)
        loud = [w for w in doc.warnings if w.startswith("ВНИМАНИЕ")]
        print(f"  {path.name}: мероприятий {len(doc.items)}, пропущено строк {len(doc.skipped)}"
              + (f"; {loud[0]}" if loud else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
