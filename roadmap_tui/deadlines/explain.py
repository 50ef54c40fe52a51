"""Short Russian explanations shown to the coordinator next to each item.

Dates are printed DD.MM.YYYY; days of a month use the genitive month name
("25 сентября"), bare months the nominative ("сентябрь").  Plain tables are
used instead of babel so the engine stays free of locale-data I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from .items import POINTS, Item
from .lexer import MONTHS_GENITIVE, MONTHS_NOMINATIVE
from .model import Due

_MAX_LISTED: Final = 4


def dmy(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def day_month(day: int, month: int) -> str:
    return f"{day} {MONTHS_GENITIVE[month - 1]}"


def due_text(due: Due) -> str:
    if due.window_start is None:
        return f"до {dmy(due.due_on)}"
    return f"{dmy(due.window_start)}–{dmy(due.due_on)}"


def fixed(dues: Sequence[Due], doc_date: date | None) -> str:
    """"до 30.04.2023", "окно 01.09.2022–31.10.2022", "окна: …; …"."""
    if not dues:
        return "год не определён: у плана нет ни периода, ни даты документа"
    parts = [due_text(d) for d in dues[:_MAX_LISTED]]
    more = "; …" if len(dues) > _MAX_LISTED else ""
    windows = [d for d in dues if d.window_start is not None]
    if not windows:
        text = "; ".join(parts) + more
    elif len(dues) == 1:
        text = f"окно {parts[0]}"
    else:
        text = "окна: " + "; ".join(parts) + more
    if doc_date is not None and any(d.due_on < doc_date for d in dues):
        text += " (раньше даты документа)"
    return text


def years_suffix(dues: Sequence[Due]) -> str:
    """"(2022–2025)" over the years of the dues; says so when there are none."""
    if not dues:
        return " (в периоде плана дат нет)"
    first, last = dues[0].due_on.year, dues[-1].due_on.year
    return f" ({first})" if first == last else f" ({first}–{last})"


def yearly_items(items: Sequence[Item]) -> str:
    """Describe yearless items: "до 30 октября и 10 декабря", "июнь, декабрь"."""
    points: list[str] = []
    windows: list[str] = []
    for item in items:
        m, m1, m2 = item.num("m"), item.num("m1"), item.num("m2")
        if item.form in POINTS and m is not None:
            points.append(day_month(item.num("d") or 1, m))
        elif item.form == "month" and m is not None:
            windows.append(MONTHS_NOMINATIVE[m - 1])
        elif item.form == "month_range" and m1 is not None and m2 is not None:
            windows.append(f"{MONTHS_NOMINATIVE[m1 - 1]}–{MONTHS_NOMINATIVE[m2 - 1]}")
        elif item.form == "dm_range" and m is not None and m1 is not None:
            windows.append(f"{day_month(item.num('a') or 1, m1)} – {day_month(item.num('b') or 1, m)}")
        elif item.form == "day_range" and m is not None:
            windows.append(f"{item.num('a')}–{item.num('b')} {MONTHS_GENITIVE[m - 1]}")
        elif item.form == "quarter":
            windows.append(f"{item.num('q')} квартал")
        elif item.form == "half":
            windows.append(f"{item.num('h')} полугодие учебного года")
    text = ""
    if points:
        text = " до " + " и ".join(points)
    if windows:
        text += (", " if points else ": ") + ", ".join(windows)
    return "ежегодно" + text


def by_plan(owner: str | None) -> str:
    """`owner` as the phrase printed it ("регионального координатора"), already in its case."""
    if owner is None:
        return "дата не назначена: по отдельному плану"
    return f"дата не назначена: по плану {owner}"


def unknown(phrase: str) -> str:
    shown = " ".join(phrase.split())
    if not shown:
        return "срок не указан"
    if len(shown) > 60:
        shown = shown[:59] + "…"
    return f"не распознано: «{shown}»"


CONTINUOUS: Final = "постоянно: без срока, не просрочивается"
DAILY: Final = "ежедневно: без срока, не просрочивается"
AS_NEEDED: Final = "по мере необходимости: без срока, не просрочивается"
