"""Item grammar: the dated building blocks of a phrase.

A phrase such as "Октябрь, май", "до 30 октября и 10 декабря" or
"2021-2022 учебный год 2022-2023 учебный год" is a list of *items* (a date,
a day of a month, a month, a month range, a quarter, a half-year, an
academic year, a calendar year...).  The same items are used by the
one-off rule (explicit or plan-relative years) and by the yearly rule (the
same items re-built for every calendar year), so they are parsed once here
and turned into `Due`s by `build` given the calendar year of their end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from dateutil.relativedelta import relativedelta

from .model import AcademicCalendar, Due
from .periods import clamp_day, month_end, month_window, safe_date, teaching_end, teaching_year

_Y: Final = r"(?:\s+(?P<y>\d{4}))?"
# "до конца I полугодия": the half-year's window, due at its end all the same.
_END_OF: Final = r"(?:(?:до|к)\s+конц[аеу]\s+)?"
_BY: Final = r"(?:(?:до|не позднее|не позже|к)\s+)"
# Ordered: longer forms first, so "1-15 #m09" is not read as "1" + "15 #m09".
_FORMS: Final = (
    ("date_range", r"(?:с\s+)?@(?P<d1>\d{8})\s*(?:-|по|до)\s*@(?P<d2>\d{8})"),
    ("date", rf"{_BY}?@(?P<d>\d{{8}})"),
    ("dm_range",
     r"(?:с\s+)?(?P<a>\d{1,2})\s+#m(?P<m1>\d\d)(?:\s+(?P<y1>\d{4}))?\s*(?:-|по|до)\s*"
     rf"(?P<b>\d{{1,2}})\s+#m(?P<m>\d\d){_Y}"),
    ("day_range", rf"(?:с\s+)?(?P<a>\d{{1,2}})\s*(?:-|по)\s*(?P<b>\d{{1,2}})\s+#m(?P<m>\d\d){_Y}"),
    ("day_month", rf"{_BY}?(?P<d>\d{{1,2}})(?:\s+числа)?\s+#m(?P<m>\d\d){_Y}"),
    ("month_range",
     r"(?:с\s+)?#m(?P<m1>\d\d)(?:\s+(?P<y1>\d{4}))?\s*(?:-|по)\s*#m(?P<m2>\d\d)(?:\s+(?P<y>\d{4}))?"),
    ("end_month", rf"(?:до|к)\s+конц[аеу]\s+#m(?P<m>\d\d){_Y}"),
    ("before_month", rf"до\s+(?:начала\s+)?#m(?P<m>\d\d){_Y}"),
    ("month", rf"#m(?P<m>\d\d){_Y}"),
    ("quarter", rf"{_END_OF}(?P<q>[1-4])\s+квартал[а-я]*{_Y}"),
    ("half_ay", rf"{_END_OF}(?P<h>[12])\s+полугоди[а-я]*\s+(?P<y1>\d{{4}})\s*[-/]\s*(?P<y2>\d{{2,4}})\s+учгод"),
    ("half", rf"{_END_OF}(?P<h>[12])\s+полугоди[а-я]*{_Y}"),
    ("ay", r"(?:учгод\s+)?(?P<y1>\d{4})\s*[-/]\s*(?P<y2>\d{2,4})\s+учгод"),
    ("ay_after", r"учгод\s+(?P<y1>\d{4})\s*[-/]\s*(?P<y2>\d{2,4})"),
    ("year_end", r"(?:до|к)\s+(?:конц[аеу]\s+)?(?P<y>\d{4})"),
    ("year_range", r"(?P<y1>\d{4})-(?P<y2>\d{4})"),
    ("year", r"(?P<y>\d{4})"),
)
# "ежедневно с 1 по 10 декабря": daily work inside a window is due at its end.
_FILLER: Final = r"(?:ежедневно\s+)?(?:(?:в течение|в период|на протяжении|в|во)\s+)?"
_ITEM_RX: Final = tuple(
    (name, re.compile(_FILLER + body + r"(?=$|[\s,;])")) for name, body in _FORMS
)
_SEP_RX: Final = re.compile(r"(?:[\s,;]|и(?=\s))*")

# Forms that carry full dates and cannot be moved to another year.
ABSOLUTE: Final = frozenset({"date", "date_range", "half_ay", "ay", "ay_after", "year_end",
                             "year_range", "year"})
POINTS: Final = frozenset({"date", "day_month", "before_month", "end_month", "year_end"})


@dataclass(frozen=True)
class Item:
    form: str
    groups: dict[str, str | None]

    def num(self, key: str) -> int | None:
        value = self.groups.get(key)
        return int(value) if value else None

    def need(self, key: str) -> int:
        value = self.num(key)
        if value is None:
            raise ValueError(key)
        return value

    @property
    def year(self) -> int | None:
        """The explicit year printed with a movable item (its end's year)."""
        if self.form in ABSOLUTE:
            return None
        first = self.num("y1")
        if self.form in ("month_range", "dm_range") and self.num("y") is None and first is not None:
            # "ноябрь 2022 - январь": the range ends in the following year
            return first if self.ends_in_start_year() else first + 1
        return self.num("y")

    def ends_in_start_year(self) -> bool:
        if self.form == "dm_range":
            return (self.need("m"), self.need("b")) >= (self.need("m1"), self.need("a"))
        return self.need("m2") >= self.need("m1")

    def end_month(self, cal: AcademicCalendar) -> int:
        """Month in which the item ends, used to place it in an academic year."""
        if self.form == "month_range":
            return self.need("m2")
        if self.form == "quarter":
            return 3 * self.need("q")
        if self.form == "half":
            return 12 if self.need("h") == 1 else cal.teaching_end_month
        return self.num("m") or 12


def scan(text: str) -> list[Item] | None:
    """Split `text` into items; None unless the whole text is items."""
    items: list[Item] = []
    pos = _sep_end(text, 0)
    while pos < len(text):
        for name, rx in _ITEM_RX:
            m = rx.match(text, pos)
            if m:
                items.append(Item(name, m.groupdict()))
                pos = _sep_end(text, m.end())
                break
        else:
            return None
    return items or None


def _sep_end(text: str, pos: int) -> int:
    m = _SEP_RX.match(text, pos)
    return m.end() if m else pos


def _token_date(token: str | None) -> date | None:
    if not token:
        return None
    return datetime.strptime(token, "%Y%m%d").date()


def _second_year(item: Item) -> int:
    """"2022-2023", "2022/23" -> 2023 (two digits complete the first year)."""
    first, second = item.need("y1"), item.need("y2")
    return first // 100 * 100 + second if second < 100 else second


def build(item: Item, end_year: int | None, cal: AcademicCalendar) -> Due | None:
    """The Due of `item` when its end falls in calendar year `end_year`.

    Absolute items ignore `end_year`.  Returns None for impossible items
    ("31 февраля", "2023-2021 годы"); callers then reject the phrase.
    """
    try:
        return _build(item, end_year, cal)
    except (ValueError, OverflowError):
        return None


def _build(item: Item, y: int | None, cal: AcademicCalendar) -> Due | None:
    form = item.form
    if form == "date":
        day = _token_date(item.groups["d"])
        return Due(day) if day else None
    if form == "date_range":
        opens, closes = _token_date(item.groups["d1"]), _token_date(item.groups["d2"])
        return Due(closes, opens) if opens and closes and opens <= closes else None
    if form in ("ay", "ay_after"):
        first = item.need("y1")
        return teaching_year(first, cal) if _second_year(item) == first + 1 else None
    if form == "half_ay":
        first = item.need("y1")
        if _second_year(item) != first + 1:
            return None
        if item.need("h") == 1:
            return Due(date(first, 12, 31), date(first, cal.year_start_month, 1))
        return Due(teaching_end(first + 1, cal), date(first + 1, 1, 1))
    if form == "year_end":
        end = safe_date(item.need("y"), 12, 31)
        return Due(end) if end else None
    if form in ("year", "year_range"):
        first = item.need("y") if form == "year" else item.need("y1")
        last = item.need("y") if form == "year" else item.need("y2")
        start, end = safe_date(first, 1, 1), safe_date(last, 12, 31)
        return Due(end, start) if start and end and start <= end else None
    if y is None or safe_date(y, 1, 1) is None:
        return None
    return _build_movable(item, y, cal)


def _build_movable(item: Item, y: int, cal: AcademicCalendar) -> Due | None:
    form = item.form
    if form == "day_month":
        day = safe_date(y, item.need("m"), item.need("d"))
        return Due(day) if day else None
    if form == "day_range":
        first = safe_date(y, item.need("m"), item.need("a"))
        last = safe_date(y, item.need("m"), item.need("b"))
        return Due(last, first) if first and last and first <= last else None
    if form == "dm_range":
        given = item.num("y1")
        first_y = given if given is not None else (y if item.ends_in_start_year() else y - 1)
        first = safe_date(first_y, item.need("m1"), item.need("a"))
        last = safe_date(y, item.need("m"), item.need("b"))
        if first is None or last is None or first > last or (last - first).days > 366:
            return None
        return Due(last, first)
    if form == "end_month":
        return Due(month_end(y, item.need("m")))
    if form == "before_month":
        return Due(date(y, item.need("m"), 1) - relativedelta(days=1))
    if form == "month":
        return month_window(y, item.need("m"), y, item.need("m"))
    if form == "month_range":
        first_m, last_m = item.need("m1"), item.need("m2")
        given = item.num("y1")
        first_y = given if given is not None else (y if first_m <= last_m else y - 1)
        if (first_y, first_m) > (y, last_m) or y - first_y > 1:
            return None
        return month_window(first_y, first_m, y, last_m)
    if form == "quarter":
        q = item.need("q")
        return month_window(y, 3 * q - 2, y, 3 * q)
    if form == "half":
        return _half(item.need("h"), y, calendar_year=item.num("y") is not None, cal=cal)
    return None


def _half(h: int, y: int, calendar_year: bool, cal: AcademicCalendar) -> Due:
    """Half-year: printed with a calendar year it is Jan-Jun / Jul-Dec;
    without one it is a half of the teaching year (Sep-Dec / Jan-May)."""
    if calendar_year:
        return Due(date(y, 6, 30), date(y, 1, 1)) if h == 1 else Due(date(y, 12, 31), date(y, 7, 1))
    if h == 1:
        return Due(date(y, 12, 31), date(y, cal.year_start_month, 1))
    return Due(clamp_day(y, cal.teaching_end_month, cal.teaching_end_day), date(y, 1, 1))
