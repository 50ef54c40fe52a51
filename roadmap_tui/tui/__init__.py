"""The coordinator's Textual UI: `roadmap` with no subcommand opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap_tui.settings import Settings
    from roadmap_tui.tui.app import RoadmapApp


def make_app(settings: Settings) -> RoadmapApp:
    from roadmap_tui.tui.app import make_app as factory

    return factory(settings)


def run_app(settings: Settings) -> int:
    """Run the UI until the coordinator quits; the exit code."""
    app = make_app(settings)
    app.run()
    return app.return_code or 0
