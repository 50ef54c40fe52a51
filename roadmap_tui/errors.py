"""Domain errors that carry a message for the coordinator, in Russian.

The CLI turns any of these into that message and exit code 2; the TUI shows
it in a dialog. Anything else escaping the core is a bug, not bad input.
"""

from __future__ import annotations


class RoadmapError(Exception):
    """Bad input or a refused operation; `str(error)` is the Russian message."""


class NotFound(RoadmapError):
    """A referenced document, body or assignment does not exist."""


class StaleVersion(RoadmapError):
    """The row changed since it was read (optimistic locking)."""


class BadInput(RoadmapError):
    """A value a person typed cannot be understood."""
