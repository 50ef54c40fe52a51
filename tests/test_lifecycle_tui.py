"""The import review and the item edit dialog, through a real Textual app (run_test).

The database is made by the real importer from the bundled documents, so the
warnings the review shows are the importer's own, not rows a fixture inserted.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from roadmap_tui.importer.bundled import ensure_database
from roadmap_tui.settings import Settings
from roadmap_tui.tui.app import RoadmapApp, make_app
from roadmap_tui.tui.dialogs.item_edit import ItemEditDialog
from roadmap_tui.tui.screens.review import ReviewScreen

TODAY = date(2023, 3, 15)
NOW = datetime(2023, 3, 15, 3, 0, tzinfo=UTC)
SIZE = (120, 40)


async def _settle(app: RoadmapApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _review_and_edit(path: Path) -> None:
    url = f"sqlite:///{path}"
    app = make_app(Settings(url, TODAY, "петрова"), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("f3")
        await _settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        with sqlite3.connect(path) as con:
            total = con.execute("SELECT COUNT(*) FROM item").fetchone()[0]
        assert len(review.items) == total  # every item, not only the flagged ones
        flags = [i.flagged for i in review.items]
        assert flags == sorted(flags, reverse=True)  # flagged first
        target = next(i for i in review.items if i.number == "1.1" and "срок не указан" in
                      "; ".join(i.problems))  # the importer's own warning, stored with its item
        assert "ВНИМАНИЕ" in str(review.query_one("#review-skipped", Static).render())
        await pilot.press("f")
        assert all(i.flagged for i in review.items) and len(review.items) < total
        await pilot.press("f")
        review.query_one(DataTable).move_cursor(row=review.items.index(target))
        await pilot.press("e")
        await _settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemEditDialog)
        dialog.query_one("#title", Input).value = "Разработать механизмы мониторинга (ООШ № 66)"
        dialog.query_one("#phrase", Input).value = "до 01.04.2024"
        dialog.query_one("#codes", Input).value = "school:МБОУ ООШ № 66, ИМЦ"
        await pilot.pause(0.3)
        await _settle(app, pilot)
        assert dialog.preview is not None and [d for _, d in dialog.preview.dues] == [date(2024, 4, 1)]
        await pilot.press("ctrl+s")  # no reason yet: refused inline, the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        assert "причину" in str(dialog.query_one("#form-error", Static).render())
        dialog.query_one("#reason", Input).value = "уточнено с ИМЦ"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert app.errors == []
        assert app.screen is review
    with sqlite3.connect(path) as con:
        title, phrase, version = con.execute(
            "SELECT title, deadline_raw, version FROM item WHERE id = ?", (target.item_id,)).fetchone()
        fields = [r[0] for r in con.execute(
            "SELECT field FROM item_change WHERE item_id = ? AND changed_by = 'петрова' "
            "AND reason = 'уточнено с ИМЦ' ORDER BY id", (target.item_id,))]
        dues = {r[0] for r in con.execute("SELECT due_on FROM assignment WHERE item_id = ?",
                                          (target.item_id,))}
    assert (title, phrase, version) == ("Разработать механизмы мониторинга (ООШ № 66)",
                                        "до 01.04.2024", 2)
    assert fields == ["title", "deadline", "bodies"]
    assert dues == {"2024-04-01"}


def test_review_lists_every_item_and_edit_dialog_writes_through_the_core(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.db"
    ensure_database(f"sqlite:///{path}", horizon=date(2026, 12, 31), with_roadmaps=True)
    asyncio.run(_review_and_edit(path))
