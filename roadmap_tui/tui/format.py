"""How values read on screen: Russian labels, dates, colours, matrix marks."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from roadmap_tui.dates import fmt
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.read.states import DERIVED_LABELS, Derived

STATE_STYLE: dict[Derived, str] = {
    Derived.OVERDUE: "bold red",
    Derived.DUE_SOON: "yellow",
    Derived.UNDATED: "magenta",
    Derived.OPEN: "",
    Derived.DONE_ON_TIME: "green",
    Derived.DONE_LATE: "dark_orange",
    Derived.CANCELLED: "dim",
}

MARKS: dict[Derived, str] = {
    Derived.OVERDUE: "✗",
    Derived.DUE_SOON: "!",
    Derived.UNDATED: "?",
    Derived.OPEN: "·",
    Derived.DONE_ON_TIME: "✓",
    Derived.DONE_LATE: "✓",
    Derived.CANCELLED: "–",
}

#: The deadline engine's schedule kinds (stored in English) as the coordinator reads them.
KIND_LABELS: dict[str, str] = {
    "once": "однократный срок",
    "window": "период (с … по …)",
    "recurring": "периодический",
    "compound": "несколько сроков",
    "continuous": "постоянно, в течение периода",
    "by_plan": "по плану (дату назначает ответственный)",
    "as_needed": "по мере необходимости",
    "unknown": "срок не распознан",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


LEGEND = ("✓ выполнено (оранжевым — с нарушением срока)   ✗ просрочено   ! срок в ближайшие "
          "14 дней   · в плане   ? дата не назначена   – отменено   пусто — не назначено")


def styled(text: str, state: Derived) -> Text:
    return Text(text, style=STATE_STYLE[state])


def due_text(window_start: date | None, due_on: date | None) -> str:
    """The due date, with its window when the phrase stated one."""
    if due_on is None:
        return "дата не назначена"
    if window_start is not None and window_start != due_on:
        return f"{window_start:%d.%m}–{fmt(due_on)}"
    return fmt(due_on)


def state_label(status: Status, state: Derived) -> str:
    """What the list shows: the derived state, with the stored status when it adds news."""
    if status in (Status.IN_PROGRESS, Status.POSTPONED) and state is not Derived.OVERDUE:
        return STATUS_LABELS[status]
    if state is Derived.DONE_LATE:
        return "с нарушением срока"
    return DERIVED_LABELS[state]


def status_label(value: str | None) -> str:
    if value is None:
        return "—"
    try:
        return STATUS_LABELS[Status(value)]
    except ValueError:
        return value


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
