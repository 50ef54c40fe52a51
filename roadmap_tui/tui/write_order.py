"""Writes run one at a time, in the order the coordinator asked for them.

Headless. Each write gets a ticket on the UI thread (so the order is the order of
the keys pressed); its worker thread waits for its turn, and the next ticket is
served when it is done, whether it succeeded or failed. Nothing is dropped: a
second write never cancels the first, so the first one's error is still shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class WriteOrder:
    """Tickets for writes; `turn(ticket)` blocks until every earlier write is done."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next = 0
        self._serving = 0
        self._abandoned: set[int] = set()

    def take(self) -> int:
        """The next ticket (call on the UI thread, in the order writes are asked for)."""
        with self._condition:
            ticket = self._next
            self._next += 1
            return ticket

    @property
    def pending(self) -> int:
        """Writes asked for and not finished yet."""
        with self._condition:
            return self._next - self._serving

    @contextmanager
    def turn(self, ticket: int, cancelled: Callable[[], bool] = lambda: False) -> Iterator[bool]:
        """Wait for `ticket`'s turn; yields False if the write was cancelled while waiting
        (the app is closing), so the caller skips it and later writes are not held up."""
        with self._condition:
            while self._serving != ticket and not cancelled():
                self._condition.wait(timeout=0.2)
            if self._serving != ticket:
                self._abandoned.add(ticket)
                ready = False
            else:
                ready = True
        if not ready:
            yield False
            return
        try:
            yield True
        finally:
            with self._condition:
                self._serving += 1
                while self._serving in self._abandoned:
                    self._abandoned.discard(self._serving)
                    self._serving += 1
                self._condition.notify_all()
