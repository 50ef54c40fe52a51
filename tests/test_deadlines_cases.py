"""Every executable case of the deadline spec (deadline_cases.tsv) must pass:
exact kind, exact due dates, window starts and by_plan owners from the notes."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from roadmap_tui.deadlines import Kind, PlanContext, parse_deadline

CASES_PATH = Path(__file__).parent / "fixtures" / "spec" / "deadline_cases.tsv"
# Notes name some owners in words; the API reports canonical body codes.
OWNER_ALIASES = {"региональный координатор": "РЕГ_КООРД"}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _load() -> list[dict[str, str]]:
    with CASES_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


CASES = _load()


def _context(row: dict[str, str]) -> PlanContext:
    return PlanContext(
        period_start=_date(row["period_start"]),
        period_end=_date(row["period_end"]),
        doc_date=_date(row["doc_date"]),
    )


def test_the_case_file_is_complete() -> None:
    assert len(CASES) >= 48
    assert len({row["case"] for row in CASES}) == len(CASES)


@pytest.mark.parametrize("row", CASES, ids=[row["case"] for row in CASES])
def test_case(row: dict[str, str]) -> None:
    schedule = parse_deadline(row["phrase"], _context(row))
    expected = [date.fromisoformat(d) for d in row["due_dates"].split(",") if d.strip()]

    assert schedule.kind == Kind(row["kind"])
    assert schedule.due_dates == expected
    assert schedule.phrase == row["phrase"]
    assert schedule.explain

    note = row.get("note") or ""
    window = re.search(r"window (\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d)", note)
    if row["kind"] == "window" and window:
        first = schedule.dues[0]
        assert first.window_start == date.fromisoformat(window.group(1))
        assert first.due_on == date.fromisoformat(window.group(2))

    if row["kind"] == "by_plan":
        if "owner unknown" in note:
            assert schedule.owner is None
        else:
            m = re.search(r"owner:?\s+(.+)$", note)
            assert m, f"note names no owner: {note!r}"
            named = m.group(1).strip()
            assert schedule.owner == OWNER_ALIASES.get(named, named)


@pytest.mark.parametrize(
    ("case_id", "start", "end"),
    [
        ("A05", date(2022, 9, 1), date(2023, 5, 31)),  # teaching year
        ("A10", date(2023, 1, 1), date(2023, 3, 31)),  # calendar Q1
        ("A11", date(2022, 9, 1), date(2023, 8, 31)),  # whole plan period
        ("A14", date(2023, 1, 1), date(2023, 5, 31)),  # 2nd half of the teaching year
        ("A15", date(2023, 4, 1), date(2023, 5, 31)),
        ("B06", date(2021, 10, 1), date(2021, 12, 31)),
    ],
)
def test_windows_described_in_notes(case_id: str, start: date, end: date) -> None:
    row = next(r for r in CASES if r["case"] == case_id)
    due = parse_deadline(row["phrase"], _context(row)).dues[0]
    assert (due.window_start, due.due_on) == (start, end)
