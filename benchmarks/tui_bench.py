"""TUI figures on the region dataset (printed, not a timed test).

    PYTHONPATH=. .venv/bin/python benchmarks/tui_bench.py [--db PATH] [--today DD.MM.YYYY]

Without --db it creates `benchmarks/.data/region.db` with `roadmap demo
--scale region` (about a million assignments) on first use. Measured in a
headless Textual app at 120×40, the real workers and the real database:

* launch → first interactive list: from building the app until the list
  screen shows its first page (the overview opens first and `a` is pressed
  as soon as it is up, without waiting for its counts);
* filter latency per keystroke: typing a search word letter by letter and
  toggling filters; each figure is key press → new first page on screen;
* scrolling: PageDown from the top, including the loads of next pages;
* matrix: opening the matrix for the item given to the most schools;
* overview: launch → the overview's counts on screen (an app of its own, the
  coordinator waiting on the first screen), and each of its two queries alone
  (best of three, no UI).

Floors (issue 13): first list < 300 ms, search keystroke median < 50 ms, overview counts
on screen < 1 s; filter toggles and scrolling < 150 ms (issue 4).
"""

from __future__ import annotations

import time

T_PROCESS = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from roadmap_tui.dates import parse_user_date  # noqa: E402
from roadmap_tui.settings import Settings  # noqa: E402
from roadmap_tui.tui.app import make_app  # noqa: E402
from roadmap_tui.tui.screens.assignments import AssignmentsScreen  # noqa: E402
from roadmap_tui.tui.screens.matrix import MatrixScreen  # noqa: E402

IMPORTS = time.perf_counter() - T_PROCESS
DEFAULT_DB = ROOT / "benchmarks" / ".data" / "region.db"
TODAY = date(2023, 3, 15)


def ensure_region(path: Path, today: date) -> None:
    if path.exists():
        return
    from roadmap_tui.demo import generate

    print(f"Создаю региональные данные в {path} (один раз)…")
    generate(f"sqlite:///{path}", scale="region", seed=1, today=today)


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("не дождались экрана")
        await asyncio.sleep(0.0005)


def key(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Deliver a key as the terminal driver does (Pilot.press would also wait for the
    whole process to go idle, i.e. for background workers, which is not what the
    coordinator waits for)."""
    character = name if len(name) == 1 else {"slash": "/", "space": " "}.get(name)
    app.post_message(events.Key(name, character))


def ms(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return (f"медиана {statistics.median(values) * 1000:6.1f} мс   p90 {p90 * 1000:6.1f} мс   "
            f"макс {values[-1] * 1000:6.1f} мс   (n={len(values)})")


async def overview_on_screen(url: str, today: date) -> float:
    """Launch → the overview's counts drawn (the coordinator waits on the first screen)."""
    from roadmap_tui.tui.screens.overview import OverviewScreen

    started = time.perf_counter()
    app = make_app(Settings(url, today, "bench"))
    async with app.run_test(size=(120, 40)):
        await until(lambda: isinstance(app.screen, OverviewScreen) and app.screen.loaded > 0)
        return time.perf_counter() - started


async def run(url: str, today: date, matrix_item: int, rows: int) -> None:
    # The list's app first: the process is new, as the coordinator's is (what one app
    # loads once, such as the plural rules, would otherwise be free for the other).
    started = time.perf_counter()
    app = make_app(Settings(url, today, "bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        from roadmap_tui.tui.screens.overview import OverviewScreen

        await until(lambda: isinstance(app.screen, OverviewScreen))
        key(app, "a")
        await until(lambda: isinstance(app.screen, AssignmentsScreen) and app.screen.loaded > 0)
        first_list = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, AssignmentsScreen)
        await until(lambda: screen.total is not None)
        total = screen.total

        async def timed(name: str) -> float:
            before = screen.loaded
            t0 = time.perf_counter()
            key(app, name)
            await until(lambda: screen.loaded > before)
            return time.perf_counter() - t0

        # Per-keystroke search latency (each letter → a new first page).
        key(app, "slash")
        await pilot.pause()
        typing = []
        for word in ("мониторинг", "план", "отчет", "школа"):
            for letter in word:
                typing.append(await timed(letter))
            for _ in word:
                typing.append(await timed("backspace"))
        key(app, "escape")
        await pilot.pause()
        toggles = []
        for toggle in ("5", "5", "6", "6", "5", "6", "6", "5"):
            toggles.append(await timed(toggle))

        # Scrolling down a million rows, page by page (next pages load as needed).
        scroll = []
        for _ in range(40):
            t0 = time.perf_counter()
            need = screen.loaded
            row = screen.table.cursor_row
            key(app, "pagedown")
            await until(lambda r=row: screen.table.cursor_row != r)
            await asyncio.sleep(0)
            if screen._loading:
                await until(lambda n=need: screen.loaded > n)
            scroll.append(time.perf_counter() - t0)
        shown = len(screen.rows)

        t0 = time.perf_counter()
        app.push_screen(MatrixScreen(matrix_item))
        await until(lambda: isinstance(app.screen, MatrixScreen) and app.screen.loaded > 0)
        matrix_time = time.perf_counter() - t0
        m = app.screen.matrix  # type: ignore[attr-defined]
    overview_at = await overview_on_screen(url, today)

    print(f"База: {url}; назначений в списке без фильтров: {total:,}".replace(",", " "))
    print(f"Запуск → первый интерактивный список: {first_list * 1000:7.0f} мс   (порог 300 мс; "
          f"с импортом Python-модулей {(first_list + IMPORTS) * 1000:.0f} мс)")
    print(f"Фильтр, поиск по буквам:   {ms(typing)}   (порог медианы 50 мс)")
    print(f"Фильтр, переключатели 5/6: {ms(toggles)}")
    print(f"Прокрутка PageDown:        {ms(scroll)}   (загружено строк: {shown})")
    print(f"Матрица (мероприятие №{matrix_item}, школ {len(m.schools)}, назначений {rows}): "
          f"{matrix_time * 1000:.0f} мс")
    print(f"Сводка: запуск → счётчики на экране {overview_at * 1000:.0f} мс; "
          + ";  ".join(f"{name} {best * 1000:.0f} мс" for name, best in overview_queries(url, today)))


def overview_queries(url: str, today: date) -> list[tuple[str, float]]:
    """Each overview query alone, best of three (the UI runs them in one worker)."""
    from roadmap_tui.model.connection import Database
    from roadmap_tui.read.overview import overview_by_body, overview_by_section
    from roadmap_tui.read.view import View

    data = View(Database(url), today)
    found = []
    for name, query in (("по ответственным", overview_by_body),
                        ("по документам", overview_by_section)):
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            query(data)
            times.append(time.perf_counter() - t0)
        found.append((name, min(times)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--today", default=None, help="ДД.ММ.ГГГГ (по умолчанию 15.03.2023)")
    args = parser.parse_args()
    today = parse_user_date(args.today) if args.today else TODAY
    path = args.db.resolve()
    if args.db == DEFAULT_DB:
        path.parent.mkdir(parents=True, exist_ok=True)
        ensure_region(path, today)
    with sqlite3.connect(path) as connection:
        item, rows = connection.execute(
            """SELECT a.item_id, COUNT(*) AS n FROM assignment a JOIN body b ON b.id = a.body_id
               WHERE b.kind = 'school' GROUP BY a.item_id ORDER BY n DESC LIMIT 1"""
        ).fetchone()
    asyncio.run(run(f"sqlite:///{path}", today, int(item), int(rows)))


if __name__ == "__main__":
    main()
