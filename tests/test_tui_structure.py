"""Issue 12: the UI's structure. Its import graph has no loop (imports under
TYPE_CHECKING count: they are how loops hide), dialogs reach no screen, no app and
no store, and screens open one another through the app, never by import.
"""

from __future__ import annotations

import grimp
import pytest

UI = "roadmap_tui.tui"
Imports = dict[str, set[str]]


@pytest.fixture(scope="module")
def ui() -> Imports:
    """Each module of the UI and the UI modules it imports directly (lazily, too)."""
    graph = grimp.build_graph("roadmap_tui", exclude_type_checking_imports=False,
                              cache_dir=None)
    modules = {m for m in graph.modules if m == UI or m.startswith(f"{UI}.")}
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def find_cycle(imports: Imports) -> list[str] | None:
    """One import loop as a path `a → … → a`, or None (a depth-first search)."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return None
        path.append(module)
        for imported in sorted(imports.get(module, ())):
            if (cycle := visit(imported)) is not None:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(imports):
        if (cycle := visit(module)) is not None:
            return cycle
    return None


def test_the_cycle_finder_finds_a_loop_and_only_a_loop() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_ui_has_no_import_cycle(ui: Imports) -> None:
    assert len(ui) > 20  # the graph really holds the UI
    cycle = find_cycle(ui)
    assert cycle is None, " → ".join(cycle or [])


def test_dialogs_import_no_screen_no_app_and_no_store(ui: Imports) -> None:
    """Dialogs return values by dismiss(); the screen that opened one does the write."""
    dialogs = {m for m in ui if m.startswith(f"{UI}.dialogs.")}
    assert dialogs
    for dialog in sorted(dialogs):
        imported = ui[dialog]
        assert not {m for m in imported if m.startswith(f"{UI}.screens")}, dialog
        assert f"{UI}.app" not in imported, dialog
        # The review dialog names the Preview dataclass; the preview itself is handed in.
        assert f"{UI}.writes" not in imported or dialog.endswith(".review"), dialog


def test_screens_open_one_another_through_the_app(ui: Imports) -> None:
    shared = {f"{UI}.screens.base", f"{UI}.screens.edits"}
    for screen in sorted(m for m in ui if m.startswith(f"{UI}.screens.")):
        assert f"{UI}.app" not in ui[screen], screen
        others = {m for m in ui[screen] if m.startswith(f"{UI}.screens.")} - shared
        assert not others, (screen, others)


def test_the_base_classes_sit_below_screens_and_dialogs(ui: Imports) -> None:
    """The bases and the app's protocol import no screen, dialog or app: both sides use
    them without a loop."""
    for leaf in (f"{UI}.host", f"{UI}.screens.base", f"{UI}.dialogs.base"):
        reached = {m for m in ui[leaf]
                   if m.startswith((f"{UI}.screens", f"{UI}.dialogs")) or m == f"{UI}.app"}
        assert not reached, (leaf, reached)
