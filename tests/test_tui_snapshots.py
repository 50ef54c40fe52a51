"""Snapshots at 120×40 of the overview, the filtered list, details and the status dialog.

Deterministic: the test database is built the same way every time, `today`
is frozen at 15.03.2023, the clock is fixed and inputs do not blink.
Update with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import NOW, TODAY, build_database

from roadmap_tui.settings import Settings
from roadmap_tui.tui.app import RoadmapApp, make_app
from roadmap_tui.tui.screens.assignments import AssignmentsScreen

SIZE = (120, 40)


@pytest.fixture
def app(tmp_path: Path) -> RoadmapApp:
    url = build_database(tmp_path / "roadmap.db")
    return make_app(Settings(url, TODAY, "петрова"), clock=lambda: NOW)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def to_row(pilot, number: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, AssignmentsScreen)
    index = next(n for n, row in enumerate(screen.rows.values()) if row.number == number)
    screen.table.move_cursor(row=index)
    await pilot.pause()


def test_overview(snap_compare, app: RoadmapApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_list_with_filters(snap_compare, app: RoadmapApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("a", "5")
        await settle(pilot)
        await pilot.press("slash", *"грамотност")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_details(snap_compare, app: RoadmapApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await to_row(pilot, "1.1")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_status_dialog(snap_compare, app: RoadmapApp) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await to_row(pilot, "1.2")
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
