"""`parse_deadline`: normalise a phrase, then try the rules in order.

Order matters: undated phrases ("по плану ЦПК", "постоянно") first, so a
year inside a plan name cannot make a window; then the special
whole-period phrases; then fixed-frequency recurrences; then "ежегодно";
then the generic list of one-off dated items; and last a bare body name
("ЦПК"), the one rule that consults the body registry.  A phrase with "далее"
is split and composed ("X, далее – Y").  Parsing never raises: any
unexpected failure degrades to kind `unknown`, which the importer lists
for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Final

from . import explain, rules_dated, rules_periodic, rules_undated
from .lexer import normalise
from .model import Due, Kind, PlanContext, Schedule, ordered_dues
from .periods import bounds, every_year_on, occurrences, shift_years

Rule = Callable[[str, str, PlanContext], Schedule | None]

RULES: Final[Sequence[Rule]] = (
    rules_undated.as_needed,
    rules_undated.continuous,
    rules_undated.by_plan,
    rules_dated.whole_period,
    rules_dated.within_year,
    rules_periodic.weekly,
    rules_periodic.twice_monthly,
    rules_periodic.monthly,
    rules_periodic.quarterly,
    rules_periodic.twice_yearly,
    rules_dated.teaching_year_rule,
    rules_dated.yearly,
    rules_dated.fixed,
    rules_undated.named_body,
)
_THEN_RX: Final = re.compile(r"^(?P<head>.*?)[\s,;]*\bдалее\b[\s,;:-]*(?P<tail>.*)$")
_BRACKETS_RX: Final = re.compile(r"\([^()]*\)")
_CURRENT_YEAR_RX: Final = re.compile(r"\bтг\b")
_DATED: Final = frozenset({Kind.ONCE, Kind.WINDOW, Kind.RECURRING})
_MAX_INPUT: Final = 2000  # a deadline is a short phrase; longer text is not one


def parse_deadline(phrase: str | None, context: PlanContext) -> Schedule:
    """Parse a printed deadline phrase into a Schedule within `context`."""
    printed = phrase if isinstance(phrase, str) else ""
    try:
        result = parse_unguarded(printed, context)
    except Exception:  # noqa: BLE001 - the contract is "never raises"; tests check
        result = None  # that parse_unguarded itself does not raise either
    return result or Schedule(printed, Kind.UNKNOWN, explain=explain.unknown(printed))


def parse_unguarded(printed: str, context: PlanContext) -> Schedule | None:
    """The rules without the safety net (None = no rule matched)."""
    text = _current_year(normalise(printed[:_MAX_INPUT]), context)
    found = _compound(text, printed, context) or _simple(text, printed, context)
    if found is not None or "(" not in printed:
        return found
    # A bracketed remark ("до 10.11.2023 (информация в МКУ)") is not part of the
    # deadline; brackets that hold the deadline ("Ежегодно (декабрь)") matched above.
    bare = _current_year(normalise(_BRACKETS_RX.sub(" ", printed[:_MAX_INPUT])), context)
    return _compound(bare, printed, context) or _simple(bare, printed, context)


def _current_year(text: str, ctx: PlanContext) -> str:
    """"т.г." (the lexer's ``тг``) is the document's calendar year (DEADLINES.md).

    Without a document date the plan's start year stands in; with neither the
    token stays and no rule accepts the phrase (kind `unknown`).
    """
    if "ежегодно" in text:
        return _CURRENT_YEAR_RX.sub(" ", text)  # "ежегодно до 1 октября т.г.": of each year
    known = ctx.doc_date or ctx.period_start
    return text if known is None else _CURRENT_YEAR_RX.sub(str(known.year), text)


def _simple(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not text:
        return None
    for rule in RULES:
        schedule = rule(text, phrase, ctx)
        if schedule is not None:
            return schedule
    return None


def _compound(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"X далее Y": the dated part X, then Y continues it (or not).

    Y = "по мере необходимости" / "постоянно": no dates after X.
    Y = "ежегодно" (optionally "постоянно, ежегодно"): X repeats every year.
    Y = another recurrence: its dues after X's last due are added.
    """
    m = _THEN_RX.match(text)
    if not m:
        return None
    head = _simple(m.group("head"), phrase, ctx)
    if head is None or head.kind not in _DATED:
        return None
    tail_text = m.group("tail")
    rest = re.sub(r"\b(?:постоянно|ежегодно|регулярно)\b", " ", tail_text).strip(" ,;:-")
    if "ежегодно" in tail_text and not rest:
        dues = ordered_dues([*head.dues, *_repeat_yearly(head.dues, ctx)])
        return Schedule(phrase, Kind.COMPOUND, dues, explain=f"{head.explain}, далее ежегодно")
    tail = _simple(tail_text, phrase, ctx)
    if tail is None or tail.kind == Kind.UNKNOWN:
        return None
    if tail.kind in _DATED:
        last = head.dues[-1].due_on if head.dues else None
        later = [d for d in tail.dues if last is None or d.due_on > last]
        dues = ordered_dues([*head.dues, *later])
        text_ = f"{head.explain}, далее {tail.explain}"
    else:
        dues = head.dues
        text_ = f"{head.explain}, далее {_undated_label(tail)}"
    return Schedule(phrase, Kind.COMPOUND, dues, explain=text_)


def _undated_label(tail: Schedule) -> str:
    labels = {
        Kind.AS_NEEDED: "по мере необходимости",
        Kind.CONTINUOUS: "постоянно (без срока)",
        Kind.BY_PLAN: tail.explain,
    }
    return labels.get(tail.kind, tail.explain)


def _repeat_yearly(dues: Sequence[Due], ctx: PlanContext) -> list[Due]:
    """The head's windows repeated every later year, inside the recurrence bounds."""
    limits = bounds(ctx)
    if limits is None:
        return []
    lo, hi = limits
    out: list[Due] = []
    for due in dues:
        after = max(lo, due.due_on + timedelta(days=1))
        for moved in occurrences(every_year_on(due.due_on), after, hi):
            years = moved.year - due.due_on.year
            start = shift_years(due.window_start, years) if due.window_start else None
            out.append(Due(moved, start))
    return out
