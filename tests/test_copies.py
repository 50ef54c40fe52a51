"""The project carries its own copies of the shared seeds, spec and golden items.

A user's clone has no ../shared; where it exists, the copies must be current.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, PROJECT

SHARED = PROJECT.parent / "shared"
PAIRS = [
    *((f"seeds/{p.name}", PROJECT / "data" / "roadmaps" / p.name)
      for p in sorted((PROJECT / "data" / "roadmaps").glob("*.txt"))),
    ("spec/DEADLINES.md", FIXTURES / "spec" / "DEADLINES.md"),
    ("spec/deadline_cases.tsv", FIXTURES / "spec" / "deadline_cases.tsv"),
    ("golden/seed_items.jsonl", FIXTURES / "golden" / "seed_items.jsonl"),
    ("golden/README.md", FIXTURES / "golden" / "README.md"),
    *((f"corpus/{p.name}", p) for p in sorted((FIXTURES / "corpus").iterdir()) if p.is_file()),
]


def test_bundled_copies_exist() -> None:
    assert len(list((PROJECT / "data" / "roadmaps").glob("*.txt"))) == 5
    for _, copy in PAIRS:
        assert copy.is_file() and copy.stat().st_size > 0


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this clone")
@pytest.mark.parametrize(("shared", "copy"), PAIRS, ids=[p[0] for p in PAIRS])
def test_copy_is_current(shared: str, copy: Path) -> None:
    assert copy.read_bytes() == (SHARED / shared).read_bytes(), f"{copy} is out of date"


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this clone")
def test_every_shared_corpus_file_is_copied() -> None:
    shared = {p.name for p in (SHARED / "corpus").iterdir() if p.is_file()}
    copied = {p.name for p in (FIXTURES / "corpus").iterdir() if p.is_file()}
    assert shared == copied


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside this clone")
def test_every_shared_seed_is_bundled() -> None:
    shared = {p.name for p in (SHARED / "seeds").glob("*.txt")}
    bundled = {p.name for p in (PROJECT / "data" / "roadmaps").glob("*.txt")}
    assert shared == bundled
