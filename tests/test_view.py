"""The list's reads at scale: counts from the tallies and plans chosen by the data agree with
plain queries over the assignments, whatever the filters (a real demo database)."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from roadmap_tui.demo import generate
from roadmap_tui.model.connection import Database
from roadmap_tui.read.view import WALK_ORDER_FROM, Choice, Filters, View

TODAY = date(2025, 3, 13)


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> View:
    path: Path = tmp_path_factory.mktemp("view") / "city.db"
    generate(f"sqlite:///{path}", scale="city", seed=3, today=TODAY)
    return View(Database(f"sqlite:///{path}"), TODAY)


def _filters(view: View) -> list[Filters]:
    documents = view.documents()[:2]
    bodies = [b for b in view.bodies() if b.kind in ("school", "centre", "group")][:3]
    sections = view.sections(int(documents[0].id))[:1]
    states = [Choice(s, s) for s in ("overdue", "due_soon", "done_late", "undated", "status:done")]
    found = [Filters()]
    for document, body, state in itertools.product([None, *documents], [None, *bodies],
                                                   [None, *states]):
        found.append(Filters(document=document, body=body, state=state))
    found += [Filters(section=s, overdue_only=True) for s in sections]
    found += [Filters(text=t) for t in ("мониторинг", "план", "нет такого слова")]
    found += [Filters(text="план", overdue_only=True), Filters(this_week=True),
              Filters(municipality="Город Томск", state=states[0])]
    return found


def test_counts_from_the_tallies_equal_counts_over_the_assignments(view: View) -> None:
    tallied = [f for f in _filters(view) if view._tallied(f, view._selected(f)) is not None]
    assert len(tallied) > 20 and view.count(Filters()) > 1_000
    for f in _filters(view):
        base, params = view.where(f)
        with view.database.read() as reader:
            plain = reader.value(f"SELECT COUNT(*) FROM assignment a WHERE {base}", params)
        assert view.count(f) == plain, f


def test_pages_are_the_same_whichever_index_they_walk(view: View) -> None:
    for f in _filters(view):
        walked = view._where(f, view._selected(f), walk_order=True)
        fetched = view._where(f, view._selected(f), walk_order=False)
        with view.database.read() as reader:
            pages = [[r[0] for r in reader.rows(
                f"SELECT a.id FROM assignment a WHERE {base} AND a.due_on IS NOT NULL"
                " ORDER BY a.due_on, a.id LIMIT 50", params)] for base, params in (walked, fetched)]
        assert pages[0] == pages[1], f
        assert [r.id for r in view.page(f).rows][:len(pages[0])] == pages[0], f


def test_a_search_matching_many_assignments_walks_the_due_index(view: View) -> None:
    sizes = {item.id: item.size for item in view._catalogue()}
    common = Filters(text="план")
    matched = sum(sizes[i] for i in view.matching_items(common.text))
    assert view._walk_order(view._selected(common), "due") == (matched > WALK_ORDER_FROM)
    rare = Filters(item=Choice(next(iter(sizes)), ""))
    assert not view._walk_order(view._selected(rare), "due")
    base, params = view._where(common, view._selected(common), walk_order=True)
    with view.database.read() as reader:
        plan = [r[3] for r in reader.rows(f"EXPLAIN QUERY PLAN SELECT a.id FROM assignment a"
                                          f" WHERE {base} AND a.due_on IS NOT NULL"
                                          " ORDER BY a.due_on, a.id LIMIT 50", params)]
    assert plan[0].startswith("SEARCH a USING INDEX ix_assignment_due_on"), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_a_search_sees_items_changed_by_another_process(db_path: Path) -> None:
    import sqlite3

    seen = View(Database(f"sqlite:///{db_path}"), TODAY)
    assert seen.matching_items("квазар") == []
    with sqlite3.connect(db_path) as other:  # a correction made by another coordinator's process
        item = other.execute("SELECT MIN(id) FROM item").fetchone()[0]
        other.execute("UPDATE item SET title = title || ' квазар', version = version + 1"
                      " WHERE id = ?", (item,))
    other.close()
    assert seen.matching_items("квазар") == [item]
    assert seen.count(Filters(text="квазар")) > 0
