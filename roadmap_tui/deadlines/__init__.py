"""Deadline engine: Russian roadmap deadline phrases -> schedules of due dates.

Public API (other layers import only these names):

* `parse_deadline(phrase, context) -> Schedule` - never raises;
* `plan_period_from_title(text, doc_date) -> (start, end)`;
* value types `Kind`, `AcademicCalendar`, `PlanContext`, `Due`, `Schedule`.

The rules are defined in tests/fixtures/spec/DEADLINES.md; the engine is a
normalising lexer (`lexer`) plus an ordered list of rules (`engine.RULES`).
It does no I/O, reads no clock and keeps no global state.
"""

from .engine import parse_deadline
from .model import AcademicCalendar, Due, Kind, PlanContext, Schedule
from .title import plan_period_from_title

__all__ = [
    "AcademicCalendar",
    "Due",
    "Kind",
    "PlanContext",
    "Schedule",
    "parse_deadline",
    "plan_period_from_title",
]
