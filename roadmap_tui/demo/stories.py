"""What happened to one assignment up to `today`: its status story.

Pure and seeded: given the same generator state and the same dates, the
same story. The proportions follow what coordinators see in practice: most
past-due work is done (some of it late), a tail stays overdue — mostly
recent deadlines, because old ones get chased or closed — some is in
progress, and a few measures are cancelled or postponed with a reason.
Every change is an event that becomes one StatusChange row, so the history
always explains the current status (version = 1 + number of events).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from roadmap_tui.demo import texts

#: (day, by, old_status, new_status, old_due, new_due, old_completed, completed,
#:  report_received, report_ref, comment) — positional to stay cheap at a million rows.
Event = tuple[date, str, str, str, date | None, date | None, date | None, date | None,
              bool | None, str | None, str | None]

_ONE = timedelta(days=1)


@dataclass(slots=True)
class Story:
    """The assignment's state after its events (a fresh one is planned, no events)."""

    due_on: date | None
    by: str
    status: str = "planned"
    completed_on: date | None = None
    report_received: bool = False
    report_ref: str | None = None
    comment: str | None = None
    events: list[Event] = field(default_factory=list)

    def change(self, day: date, status: str, *, due: date | None = None,
               completed: date | None = None, ref: str | None = None,
               comment: str | None = None) -> None:
        """Record one change as `tracking.status.change_status` would."""
        new_due = due if due is not None else self.due_on
        new_completed = completed if status == "done" else None
        report = True if ref else None
        self.events.append((day, self.by, self.status, status, self.due_on, new_due,
                            self.completed_on, new_completed, report, ref, comment))
        self.status, self.due_on, self.completed_on = status, new_due, new_completed
        if report:
            self.report_received, self.report_ref = True, ref
        if comment:
            self.comment = comment


def _day(rng: random.Random, lo: date, hi: date) -> date | None:
    """A uniform day in [lo, hi], or None when the range is empty."""
    span = (hi - lo).days
    return None if span < 0 else lo + timedelta(days=rng.randrange(span + 1))


def _later(rng: random.Random, day: date, hi: date, most: int = 3) -> date:
    """When a change is entered: on `day` or a few days after, never after `hi`."""
    return min(hi, day + timedelta(days=rng.randrange(most + 1)))


def _ref(rng: random.Random, day: date) -> str:
    return f"исх. № {rng.randrange(1, 1200)} от {day:%d.%m.%Y}"


def tell(rng: random.Random, window_start: date | None, due_on: date | None,
         today: date, created: date) -> Story | None:
    """The story of one assignment created on `created`, as of `today` (None: untouched)."""
    lo, hi = created, today - _ONE
    if hi < lo:
        return None
    story = Story(due_on, rng.choice(texts.COORDINATORS))
    roll = rng.random()
    if due_on is None:
        _undated(rng, story, roll, lo, hi)
    elif due_on < today:
        _past_due(rng, story, roll, window_start, due_on, lo, hi, today)
    else:
        _not_yet_due(rng, story, roll, window_start, due_on, lo, hi, today)
    return story if story.events else None


def _share_open(due: date, today: date) -> float:
    """How likely a past deadline is still open: recent ones often, old ones rarely."""
    age = (today - due).days
    return 0.30 if age <= 30 else 0.10 if age <= 180 else 0.03


def _undated(rng: random.Random, story: Story, roll: float, lo: date, hi: date) -> None:
    if roll >= 0.40:
        return
    started = _day(rng, lo, hi)
    if started is None:
        return
    story.change(started, "in_progress", comment=rng.choice(texts.STARTED))
    if roll < 0.15:
        finished = _day(rng, started, hi)
        if finished is not None:
            story.change(_later(rng, finished, hi), "done", completed=finished,
                         ref=_ref(rng, finished), comment=rng.choice(texts.DONE))


def _past_due(rng: random.Random, story: Story, roll: float, window_start: date | None,
              due: date, lo: date, hi: date, today: date) -> None:
    share_open = _share_open(due, today)
    if roll < 0.03:
        day = _day(rng, max(lo, due - timedelta(days=30)), min(hi, due + timedelta(days=10)))
        if day is not None:
            story.change(day, "cancelled", comment=rng.choice(texts.CANCELLED))
    elif roll < 0.09:
        _postpone_then_maybe_finish(rng, story, window_start, due, lo, hi, today)
    elif roll < 0.09 + share_open:
        if rng.random() < 0.5:  # overdue, but somebody started
            day = _day(rng, max(lo, due - timedelta(days=30)), min(hi, due))
            if day is not None:
                story.change(day, "in_progress", comment=rng.choice(texts.STARTED))
    else:
        _finish(rng, story, window_start, due, lo, hi, late=rng.random() < 0.15)


def _finish(rng: random.Random, story: Story, window_start: date | None, due: date,
            lo: date, hi: date, *, late: bool) -> None:
    """Done on time (up to two weeks early) or late (up to 40 days), maybe started first."""
    earliest = max(lo, window_start or lo, due - timedelta(days=14))
    finished = (_day(rng, max(lo, due + _ONE), min(hi, due + timedelta(days=40)))
                if late else None)
    late = finished is not None
    finished = finished or _day(rng, earliest, min(hi, due))
    if finished is None:
        return
    if rng.random() < 0.5:
        started = _day(rng, max(lo, finished - timedelta(days=30)), finished)
        if started is not None:
            story.change(started, "in_progress", comment=rng.choice(texts.STARTED))
    comment = rng.choice(texts.DONE_LATE if late else texts.DONE)
    ref = _ref(rng, finished) if rng.random() < 0.8 else None
    story.change(_later(rng, finished, hi), "done", completed=finished, ref=ref, comment=comment)


def _postpone_then_maybe_finish(rng: random.Random, story: Story, window_start: date | None,
                                due: date, lo: date, hi: date, today: date) -> None:
    day = _day(rng, max(lo, due - timedelta(days=20)), min(hi, due + timedelta(days=3)))
    if day is None:
        return
    new_due = due + timedelta(days=rng.randrange(14, 91))
    story.change(day, "postponed", due=new_due, comment=rng.choice(texts.POSTPONED))
    if new_due < today and rng.random() >= _share_open(new_due, today):
        earliest = max(day, window_start or day, new_due - timedelta(days=10))
        finished = _day(rng, earliest, min(hi, new_due))
        if finished is not None:
            story.change(_later(rng, finished, hi), "done", completed=finished,
                         ref=_ref(rng, finished), comment=rng.choice(texts.DONE))


def _not_yet_due(rng: random.Random, story: Story, roll: float, window_start: date | None,
                 due: date, lo: date, hi: date, today: date) -> None:
    opened = window_start or due - timedelta(days=45)
    if opened <= today:  # the work window is open: some started, a few finished early
        start = max(lo, opened)
        if roll < 0.06:
            finished = _day(rng, start, hi)
            if finished is not None:
                story.change(_later(rng, finished, hi), "done", completed=finished,
                             ref=_ref(rng, finished), comment=rng.choice(texts.DONE))
        elif roll < 0.46:
            day = _day(rng, start, hi)
            if day is not None:
                story.change(day, "in_progress", comment=rng.choice(texts.STARTED))
        elif roll < 0.48:
            day = _day(rng, start, hi)
            if day is not None:
                story.change(day, "postponed", due=due + timedelta(days=rng.randrange(30, 91)),
                             comment=rng.choice(texts.POSTPONED))
        return
    recent = max(lo, today - timedelta(days=120))
    if roll < 0.015:
        day = _day(rng, recent, hi)
        if day is not None:
            story.change(day, "postponed", due=due + timedelta(days=rng.randrange(30, 121)),
                         comment=rng.choice(texts.POSTPONED))
    elif roll < 0.025:
        day = _day(rng, recent, hi)
        if day is not None:
            story.change(day, "cancelled", comment=rng.choice(texts.CANCELLED))
