"""Plan period from a document title or heading.

The deadline rules need the plan period; documents state it in the title
("План … на 2022 – 2023 учебный год", "… на период до 2025 года",
"… на 2019-2025 годы").  The same lexer is used so the title can be spelt
as loosely as deadline phrases.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from .lexer import normalise, year_ok
from .model import AcademicCalendar

_AY_RX: Final = re.compile(r"(?<!\d)(\d{4})\s*[-/]\s*(\d{4}|\d{2})\s+учгод")
_AY_SINGLE_RX: Final = re.compile(r"\bна\s+(\d{4})\s+учгод")
_RANGE_RX: Final = re.compile(r"(?<![\d@])(\d{4})-(\d{4})(?!\d)")
_UNTIL_RX: Final = re.compile(r"\bдо\s+(?:конца\s+)?(\d{4})(?!\d)")
# "на 2025 год" (the lexer drops "год") or "в 2025 году": a calendar-year plan.
_YEAR_RX: Final = re.compile(r"\bна\s+(\d{4})(?!\d)(?!\s*-)|\bв\s+(\d{4})\s*(?:году|г\b)")


def plan_period_from_title(text: str, doc_date: date | None) -> tuple[date | None, date | None]:
    """(period_start, period_end) stated in a title, or (None, None)."""
    try:
        return _period(normalise(text or ""), doc_date)
    except ValueError:
        return None, None


def _period(text: str, doc_date: date | None) -> tuple[date | None, date | None]:
    cal = AcademicCalendar()
    m = _AY_RX.search(text)
    if m:
        first, second = int(m.group(1)), int(m.group(2))
        if second < 100:
            second += first // 100 * 100
        if second == first + 1 and year_ok(first):
            return date(first, cal.year_start_month, 1), _ay_end(second, cal)
    m = _AY_SINGLE_RX.search(text)
    if m and year_ok(int(m.group(1))):
        first = int(m.group(1))
        return date(first, cal.year_start_month, 1), _ay_end(first + 1, cal)
    m = _RANGE_RX.search(text)
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        if year_ok(first) and year_ok(last) and first <= last:
            return date(first, 1, 1), date(last, 12, 31)
    m = _UNTIL_RX.search(text)
    if m and year_ok(int(m.group(1))):
        return doc_date, date(int(m.group(1)), 12, 31)
    m = _YEAR_RX.search(text)
    if m and year_ok(int(m.group(1) or m.group(2))):
        year = int(m.group(1) or m.group(2))
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


def _ay_end(year: int, cal: AcademicCalendar) -> date:
    """Last day of the academic year that ends in calendar year `year`."""
    start_next = date(year, cal.year_start_month, 1)
    return start_next - timedelta(days=1)
