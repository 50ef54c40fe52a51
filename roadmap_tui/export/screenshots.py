"""PNG pictures of a school's digest and the head's summary, rendered by a real headless browser.

    python -m roadmap_tui.export.screenshots --out exports/ [--db DB] [--as-of ДД.ММ.ГГГГ] [--body КОД]

Writes the HTML digests (as `roadmap digest --format html` would) into a
temporary folder and photographs two of them with Chromium (Debian's
`chromium` package): `digest-school.png` (the given body, else the school
with the most overdue work) and `digest-head.png`. What a mail client shows
is close to what a browser shows for this HTML (inline styles, tables), so
the picture is the check a person can look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from roadmap_tui.errors import BadInput, RoadmapError
from roadmap_tui.export.config import config_from_env
from roadmap_tui.export.digest.produce import produce_digests
from roadmap_tui.settings import database_url, today_in_tomsk

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WIDTH = 1000
HEIGHT = 1600  # a school's digest; the head's summary is longer (chart and table)
HEAD_HEIGHT = 2600
RENDER_TIMEOUT = 120  # seconds; a cold start of Chromium on a busy machine takes a few


@dataclass(frozen=True)
class Shots:
    school: Path
    head: Path
    school_html: str  # which digest the school picture shows


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_png(browser: str, html_file: Path, png: Path, *, width: int = WIDTH, height: int = HEIGHT) -> None:
    """One page to one PNG with a headless browser; a Russian BadInput if it fails."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="roadmap-chromium-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--no-first-run", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                   f"--screenshot={png}", html_file.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=RENDER_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BadInput(f"Браузер не успел отрисовать {html_file.name} за {RENDER_TIMEOUT} с.") from None
    if done.returncode != 0 or not png.is_file():
        raise BadInput(f"Браузер не отрисовал {html_file.name} (код {done.returncode}).")


def worst_school(db_url: str, as_of: date) -> str:
    """The code of the school with the most overdue work (any body if there is no school)."""
    from roadmap_tui.export import source, summary

    with source.open_source(db_url) as src:
        bodies = source.bodies(src)
        rows = summary.by_arrears(list(summary.figures(src, as_of).values()))
    schools = [r for r in rows if bodies[r.key].kind == "school"] or rows
    if not schools:
        raise BadInput("Нет ни одной сводки: в базе нет поручений.")
    return bodies[schools[0].key].code


def take(db_url: str, as_of: date, out_dir: Path, *, body: str | None = None) -> Shots:
    """Render the digests and photograph a school's and the head's."""
    browser = find_browser()
    if browser is None:
        raise BadInput("Не найден браузер для снимков (chromium): установите его, например apt-get install chromium.")
    config = config_from_env()
    with tempfile.TemporaryDirectory(prefix="roadmap-shots-") as tmp:
        work = Path(tmp)
        produce_digests(db_url, as_of, out_dir=work, config=config, kind="html")
        code = body if body is not None else worst_school(db_url, as_of)
        school_html = produce_digests(db_url, as_of, out_dir=work / "one", config=config, body=code,
                                      kind="html").files[0]
        head_html = work / f"digest-{as_of.isoformat()}-svodka.html"
        shots = Shots(out_dir / "digest-school.png", out_dir / "digest-head.png", school_html.name)
        render_png(browser, school_html, shots.school)
        render_png(browser, head_html, shots.head, height=HEAD_HEIGHT)
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap_tui.export.screenshots",
                                     description="Снимки (PNG) сводки школы и сводки руководителя.")
    parser.add_argument("--out", default="exports", metavar="ПАПКА", help="куда записать PNG")
    parser.add_argument("--db", default=None, help="база данных (или ROADMAP_DB)")
    parser.add_argument("--as-of", default=None, metavar="ДАТА", help="на какую дату (ДД.ММ.ГГГГ)")
    parser.add_argument("--body", default=None, metavar="КОД", help="чья сводка (по умолчанию самая отстающая школа)")
    args = parser.parse_args(argv)
    try:
        from roadmap_tui.dates import parse_user_date

        as_of = parse_user_date(args.as_of) if args.as_of else today_in_tomsk()
        shots = take(database_url(args.db), as_of, Path(args.out), body=args.body)
    except RoadmapError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 2
    print(f"Снимки: {shots.school} ({shots.school_html}), {shots.head}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
