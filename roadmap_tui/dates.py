"""Dates as Russian users read and type them: DD.MM.YYYY.

Kept dependency-free so the fast CLI path can parse `--as-of` without
importing anything heavy.
"""

from __future__ import annotations

import re
from _thread import allocate_lock  # threading's lock, without importing threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from roadmap_tui.errors import BadInput

_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
#: Dates a person may type: wide enough for any plan, narrow enough that date
#: arithmetic (horizons, "within N days") cannot leave `date`'s range.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def parse_user_date(text: str) -> date:
    """Parse "25.09.2023" or "2023-09-25"; raise BadInput with a Russian message."""
    match = _DMY.match(text) or _ISO.match(text)
    if match:
        parts = [int(p) for p in match.groups()]
        day, month, year = parts if match.re is _DMY else parts[::-1]
        try:
            day_typed = date(year, month, day)
        except ValueError:
            pass
        else:
            if not EARLIEST <= day_typed <= LATEST:
                raise BadInput(f"Дата «{text.strip()}» вне допустимого диапазона "
                               f"{fmt(EARLIEST)}–{fmt(LATEST)}.")
            return day_typed
    raise BadInput(f"Неверная дата «{text}»: ожидается ДД.ММ.ГГГГ, например 25.09.2023.")


def fmt(day: date | None, empty: str = "—") -> str:
    """A date as DD.MM.YYYY (or `empty`)."""
    return day.strftime("%d.%m.%Y") if day else empty


def parse_period(text: str) -> tuple[date, date]:
    """Parse "START..END" (each DD.MM.YYYY or ISO)."""
    start, sep, end = text.partition("..")
    if not sep:
        raise BadInput(f"Неверный период «{text}»: ожидается НАЧАЛО..КОНЕЦ, например 01.09.2022..31.08.2023.")
    first, last = parse_user_date(start), parse_user_date(end)
    if last < first:
        raise BadInput(f"Неверный период «{text}»: конец раньше начала.")
    return first, last




_plural_lock = allocate_lock()


@lru_cache(maxsize=1)
def _ru_plural() -> Callable[[float], str]:
    # babel only when a count is formatted: it costs ~30 ms to load. Loaded once even
    # when the UI's startup worker and a list's worker ask at the same moment.
    with _plural_lock:
        from babel import Locale

        return Locale("ru").plural_form


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """`n` with the word in its Russian plural form, by CLDR rules (not by hand)."""
    return f"{n} {({'one': one, 'few': few}).get(_ru_plural()(abs(n)), many)}"


def days_ru(n: int) -> str:
    """'1 день', '2 дня', '5 дней'."""
    return plural_ru(n, "день", "дня", "дней")
