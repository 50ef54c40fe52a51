"""Deterministic moments: a working-day time in Tomsk, stored in UTC.

The demo never reads the wall clock: every timestamp is a day chosen by the
story plus a working hour drawn from the seeded generator, so the same seed
gives byte-identical databases. Tomsk has kept UTC+7 all year since 2016, so
a fixed offset is exact (and much cheaper than zoneinfo for a million rows).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

TOMSK_OFFSET = timedelta(hours=7)


def at_work(day: date, rng: random.Random) -> datetime:
    """A moment between 09:00 and 17:59 Tomsk time on `day`, as aware UTC."""
    local = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(9 * 60))
    return local - TOMSK_OFFSET


def at_ten(day: date) -> datetime:
    """10:00 Tomsk time on `day` (when a document was entered), as aware UTC."""
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC) - TOMSK_OFFSET
