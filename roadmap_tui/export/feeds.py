"""`roadmap export ics`: one feed per body (events and tasks), per document, and one for all.

Body feeds carry one all-day VEVENT per dated assignment (a school's feed
includes what the group «ОО» owes, since groups are materialised per school).
Document feeds and the overall feed carry one event per dated item
occurrence, summarising every body's status: at region scale a per-assignment
"everything" feed would be a gigabyte that no calendar client can open.

Export is incremental. A manifest in the export directory keeps, per feed,
the fingerprint of its data (row count, sum of versions, last change, overdue
count as of the day) and the SHA-256 of its bytes; only feeds whose
fingerprint moved are rebuilt, and a rebuilt feed whose bytes did not change
is not rewritten. Finding what moved must not cost a grouped read of every
assignment after each status change, so the manifest also keeps the
assignment table's totals and the status history's newest entry
(`export.changes`): when the history since then accounts for every change of
the totals, the feeds it names (and those whose overdue state the new day
flips) are all that moved. Anything else falls back to the grouped read.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from roadmap_tui.export import catalog, source
from roadmap_tui.export.changes import Fingerprints, fingerprints
from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.feed_events import OPEN_VALUES, ItemText, assignment_component, item_text, occurrence_component
from roadmap_tui.export.files import load_manifest, save_manifest, write_if_changed, write_parts_if_changed
from roadmap_tui.export.ical_build import CALENDAR_TAIL, FeedMeta, alarm_block, calendar_head, vevent, vtodo
from roadmap_tui.export.names import unique_slugs
from roadmap_tui.export.source import AssignmentRow, Source
from roadmap_tui.export.tokens import ensure_tokens, write_access

FORMAT_VERSION = "feeds-1"
MAX_WORKERS = 4
PARALLEL_MIN_BODIES = 200  # below this, starting processes costs more than it saves
PIECES_PER_WORKER = 6  # small enough that no worker waits long for the last one
#: SQLite's page cache, KiB. Body feeds read a region's assignments body by body, and a page holds
#: one item's rows for neighbouring bodies: a cache that outlives one body reads each page once
#: instead of once per body (a third of the reading time), for 16 MiB of memory.
PAGE_CACHE_KIB = 16_000
FEW = 20  # feeds to rebuild below which only their items are read, not all of them
_EVENT = b"BEGIN:VEVENT\r\n"
_FAR = date.max


@dataclass
class ExportReport:
    """What an export did: feeds written, left unchanged, not even rebuilt."""

    out_dir: Path
    feeds: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    events: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # body label -> why its feeds were not written
    from_history: bool = False  # the moved feeds were found from the status history (`export.changes`)


def _feed_parts(meta: FeedMeta, components: Iterable[bytes]) -> Iterable[bytes]:
    return itertools.chain((calendar_head(meta),), components, (CALENDAR_TAIL,))


def _feed(meta: FeedMeta, components: list[bytes]) -> bytes:
    """A feed of a few megabytes at most, joined: one write instead of thousands."""
    return b"".join([calendar_head(meta), *components, CALENDAR_TAIL])


class _Exporter:
    def __init__(self, src: Source, out_dir: Path, as_of: date, config: ExportConfig,
                 db_url: str | None = None) -> None:
        self.src, self.out, self.as_of, self.config = src, out_dir, as_of, config
        self.db_url = db_url
        self.old = load_manifest(out_dir)
        self.counts: dict[str, int] = dict(self.old.get("counts", {}))
        self.report = ExportReport(out_dir)
        self.bodies = source.bodies(src)
        self.docs = source.documents(src)
        self.alarm = alarm_block(config.alarms)
        self.items: dict[int, source.ItemInfo] = {}
        self._all_items = False
        self._texts: dict[int, ItemText] = {}
        self.occurrences: dict[int, set[tuple[int, str]]] = {}  # per document: changed pairs (quick path)

    def load_items(self, ids: Collection[int] | None = None) -> None:
        """Read the items asked for (all when `ids` is None) unless already read: an export after one
        change needs a few of a region's thousands."""
        if self._all_items:
            return
        if ids is None:
            self.items, self._all_items = source.items(self.src, self.bodies), True
            return
        missing = {i for i in ids if i not in self.items}
        if missing:
            self.items.update(source.items(self.src, self.bodies, ids=missing))

    def text(self, item_id: int) -> ItemText:
        """The item's share of its events' text, made once per export."""
        found = self._texts.get(item_id)
        if found is None:
            item = self.items[item_id]
            found = self._texts[item_id] = item_text(item, self.docs.get(item.document_id))
        return found

    def emit(self, name: str, data: bytes | Iterable[bytes], events: int) -> None:
        """Write one feed (bytes, or pieces too big to hold) unless the file already holds them."""
        path = self.out / name
        written = write_if_changed(path, data) if isinstance(data, bytes) else write_parts_if_changed(path, data)
        self.counts[name] = events
        self.report.events += events
        if written:
            self.report.written.append(name)
        else:
            self.report.unchanged += 1

    def _slugs(self, kind: str, gsig: list[Any], named: list[tuple[int, str]]) -> dict[int, str]:
        """File names by id: the last export's when the names they come from did not change (transliterating
        fifteen hundred names is a tenth of an export after one change)."""
        known = self.old.get("slugs", {}).get(kind) if self.old.get("global") == gsig else None
        if isinstance(known, dict) and sorted(int(k) for k in known) == sorted(key for key, _ in named):
            return {int(k): str(v) for k, v in known.items()}
        return unique_slugs(named)

    def _dirty(self, keys: Iterable[int], moved: Callable[[int], bool], files: dict[int, list[str]]) -> list[int]:
        dirty = []
        for key in keys:
            if moved(key) or any(not (self.out / f).is_file() for f in files[key]):
                dirty.append(key)
            else:
                self.report.skipped += len(files[key])
        return dirty

    def run(self) -> tuple[ExportReport, list[catalog.Feed]]:
        gsig = [FORMAT_VERSION, list(self.config.alarms), *source.global_signature(self.src)]
        prints: Fingerprints = fingerprints(self.src, self.as_of, self.old, full=self.old.get("global") != gsig)

        feed_bodies = [b for b in self.bodies.values() if b.kind != "group" or prints.has_assignments(b.id)]
        body_slug = self._slugs("bodies", gsig, [(b.id, b.code) for b in feed_bodies])
        body_files = {b: [f"body-{s}.ics", f"tasks-{s}.ics"] for b, s in body_slug.items()}
        doc_slug = self._slugs("docs", gsig, [(d.id, d.number or Path(d.source_name).stem) for d in self.docs.values()])
        doc_files = {d: [f"doc-{s}.ics"] for d, s in doc_slug.items()}

        dirty_bodies = self._dirty(body_slug, prints.body_moved, body_files)
        dirty_docs = self._dirty(doc_slug, prints.document_moved, doc_files)
        self.occurrences = prints.occurrences or {}
        self.report.from_history = prints.quick
        sizes = {b: int(fp[0]) for b, fp in prints.bodies.items()}
        self._export_bodies_and_docs(dirty_bodies, body_slug, sizes, dirty_docs, doc_slug)
        if prints.full or dirty_docs or not (self.out / "all.ics").is_file():
            self._export_all(doc_slug)
        else:
            self.report.skipped += 1

        tokens = {r[0]: r[1] for r in self.src.rows("SELECT scope, token FROM access_token")}
        feeds = catalog.feeds(self.config.base_url, self.bodies, body_slug, self.docs, doc_slug,
                              self.counts, tokens)
        live = {f.file for f in feeds}
        for stale in sorted(set(self.counts) - live):
            (self.out / stale).unlink(missing_ok=True)
            self.counts.pop(stale, None)
        write_access(self.out, tokens, body_slug)
        listing = catalog.signature(feeds, base_configured=self.config.base_configured)
        if listing != self.old.get("catalog") or not all((self.out / n).is_file() for n in catalog.FILES):
            for name, data in catalog.render(feeds, base_configured=self.config.base_configured).items():
                if write_if_changed(self.out / name, data):
                    self.report.written.append(name)
        self.report.feeds = len(feeds)
        failed = {b.id for b in self.bodies.values() if b.label in self.report.failed}
        save_manifest(self.out, {
            "global": gsig,
            **prints.manifest(failed),  # a body whose feed failed is tried again next time
            "catalog": listing,
            "slugs": {"bodies": body_slug, "docs": doc_slug},
            "counts": self.counts,
        })
        return self.report, feeds

    def _export_bodies_and_docs(self, dirty: list[int], slugs: dict[int, str], sizes: dict[int, int],
                                dirty_docs: list[int], doc_slugs: dict[int, str]) -> None:
        """Body feeds are most of the work: on a full export they go to worker processes, in pieces
        taken as each worker comes free, while this process makes the document feeds."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if workers < 2 or len(dirty) < PARALLEL_MIN_BODIES or self.db_url is None:
            self._export_bodies(dirty, slugs, len(dirty) * 3 > len(slugs))
            self._export_docs(dirty_docs, doc_slugs)
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                 initargs=(self.db_url, self.out, self.as_of, self.config)) as pool:
            futures = [pool.submit(_bodies_worker, piece, {b: slugs[b] for b in piece})
                       for piece in _pieces(dirty, sizes, workers * PIECES_PER_WORKER)]
            self._export_docs(dirty_docs, doc_slugs)
            for future in futures:
                counts, written, unchanged, events, failed = future.result()
                self.report.failed.update(failed)
                self.counts.update(counts)
                self.report.written += written
                self.report.unchanged += unchanged
                self.report.events += events

    def _export_bodies(self, dirty: list[int], slugs: dict[int, str], scan_all: bool) -> None:
        if not dirty:
            return
        wanted = set(dirty)
        if len(wanted) > FEW:
            self.load_items()
        rows = source.assignments_by_body(self.src, None if scan_all else sorted(wanted))
        done: set[int] = set()
        for body_id, group in itertools.groupby(rows, key=lambda r: r.body_id):
            if body_id in wanted:
                found = list(group)
                self.load_items({r.item_id for r in found})
                self._body_feed_guarded(body_id, slugs[body_id], found)
                done.add(body_id)
        for body_id in sorted(wanted - done):
            self._body_feed_guarded(body_id, slugs[body_id], [])

    def _body_feed_guarded(self, body_id: int, slug: str, rows: list[AssignmentRow]) -> None:
        """One body's bad data is reported for that body; the other bodies' feeds are still written."""
        try:
            self._body_feed(body_id, slug, rows)
        except (ValueError, AssertionError, UnicodeError) as error:
            self.report.failed[self.bodies[body_id].label] = f"{type(error).__name__}: {error}"

    def _body_feed(self, body_id: int, slug: str, rows: list[AssignmentRow]) -> None:
        body = self.bodies[body_id]
        made = []
        for row in rows:
            text = self.text(row.item_id)
            key = (row.due_on or _FAR, text.sort_key, row.occurrence)
            made.append((key, assignment_component(row, text, body.code, self.as_of)))
        made.sort(key=itemgetter(0))
        alarm = self.alarm
        events = [vevent(c, alarm if c.status in OPEN_VALUES else b"") for _, c in made if c.due is not None]
        name = body.full_name or body.label
        self.emit(f"body-{slug}.ics", _feed(FeedMeta(
            f"Дорожные карты: {body.label}",
            f"Сроки мероприятий дорожных карт, за которые отвечает {name}."), events), len(events))
        self.emit(f"tasks-{slug}.ics", _feed(FeedMeta(
            f"Задачи дорожных карт: {body.label}",
            f"Задачи (VTODO) дорожных карт для {name}."), [vtodo(c) for _, c in made]), len(made))

    def _export_docs(self, dirty: list[int], slugs: dict[int, str]) -> None:
        whole = [d for d in sorted(dirty) if d not in self.occurrences or not self._patch_doc(d, slugs[d])]
        if not whole:
            return
        scan_all = len(whole) * 3 > len(slugs)
        self.load_items(None if scan_all or len(whole) > FEW else self._items_of(whole))
        wanted = set(whole)
        per_doc: dict[int, list[tuple[Any, bytes]]] = {d: [] for d in wanted}
        for row in source.occurrences(self.src, self.as_of, None if scan_all else sorted(wanted)):
            item = self.items[row.item_id]
            if item.document_id in wanted:
                key = (date.fromisoformat(row.occurrence), item.position, item.id)
                per_doc[item.document_id].append((key, self._occurrence_event(row)))
        for doc_id in sorted(wanted):
            events = [e for _, e in sorted(per_doc[doc_id], key=itemgetter(0))]
            self.emit(f"doc-{slugs[doc_id]}.ics", _feed(self._doc_meta(doc_id), events), len(events))

    def _items_of(self, documents: list[int]) -> set[int]:
        return {r[0] for r in self.src.rows(f"SELECT id FROM item WHERE document_id IN ({source.id_list(documents)})")}

    def _occurrence_event(self, row: source.OccurrenceRow) -> bytes:
        component = occurrence_component(row, self.text(row.item_id))
        return vevent(component, self.alarm if component.status in OPEN_VALUES else b"")

    def _patch_doc(self, doc_id: int, slug: str) -> bool:
        """After a few changes, replace only the changed occurrences' events in the document's feed.

        The other events are the file's own bytes; an occurrence keeps its UID and
        its place (ordered by its planned day), so the result is the whole rebuild's.
        False (rebuild it whole) when the file is not the feed this export would begin.
        """
        name = f"doc-{slug}.ics"
        head = calendar_head(self._doc_meta(doc_id))
        try:
            raw = (self.out / name).read_bytes()
        except OSError:
            return False
        if not raw.startswith(head + _EVENT) or not raw.endswith(CALENDAR_TAIL):
            return False
        events = [_EVENT + e for e in raw[len(head) + len(_EVENT): -len(CALENDAR_TAIL)].split(_EVENT)]
        at = {e[len(_EVENT): e.index(b"\r\n", len(_EVENT)) + 2]: k for k, e in enumerate(events)}
        pairs = {p for p in self.occurrences[doc_id] if p[1] != source.UNDATED}
        self.load_items({item_id for item_id, _ in pairs})
        for row in source.occurrences(self.src, self.as_of, None, {item_id for item_id, _ in pairs}):
            if (row.item_id, row.occurrence) in pairs:
                event = self._occurrence_event(row)
                k = at.get(event[len(_EVENT): event.index(b"\r\n", len(_EVENT)) + 2])
                if k is None:
                    return False
                events[k] = event
        self.emit(name, _feed(self._doc_meta(doc_id), events), len(events))
        return True

    def _doc_meta(self, doc_id: int) -> FeedMeta:
        doc = self.docs[doc_id]
        return FeedMeta(f"Дорожная карта: {doc.label}"[:200],
                        f"Сроки мероприятий документа «{doc.title or doc.source_name}» (сводно по ответственным).")

    def _export_all(self, doc_slugs: dict[int, str]) -> None:
        """The overall feed: the document feeds' events, concatenated file by file (no rebuild needed)."""
        order = sorted(doc_slugs, key=lambda d: self.docs[d].source_name)

        def events() -> Iterable[bytes]:
            for doc_id in order:
                raw = (self.out / f"doc-{doc_slugs[doc_id]}.ics").read_bytes()
                yield raw[len(calendar_head(self._doc_meta(doc_id))): -len(CALENDAR_TAIL)]

        count = sum(self.counts.get(f"doc-{doc_slugs[d]}.ics", 0) for d in order)
        meta = FeedMeta("Дорожные карты: все мероприятия",
                        "Сроки всех мероприятий всех дорожных карт (сводно по ответственным).")
        self.emit("all.ics", _feed_parts(meta, events()), count)


def export_ics(
    db_url: str, out_dir: Path, as_of: date, config: ExportConfig
) -> tuple[ExportReport, list[catalog.Feed]]:
    """Export (or refresh) every feed into `out_dir`; see the module docstring."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_tokens(db_url)
    with source.open_source(db_url, page_cache_kib=PAGE_CACHE_KIB) as src:
        return _Exporter(src, out_dir, as_of, config, db_url).run()


def _pieces(bodies: list[int], sizes: dict[int, int], count: int) -> list[list[int]]:
    """`bodies` in id order, cut into about `count` pieces of about as many assignments each."""
    share = sum(sizes.get(b, 0) + 1 for b in bodies) / count
    pieces: list[list[int]] = [[]]
    load = 0
    for body_id in sorted(bodies):
        if load >= share:
            pieces.append([])
            load = 0
        pieces[-1].append(body_id)
        load += sizes.get(body_id, 0) + 1
    return pieces


#: A worker process's exporter, made once by `_start_worker` and kept for every piece it is given
#: (its connection, items and caches outlive one piece); nothing is set in the exporting process.
_WORKER: dict[str, Any] = {}


def _start_worker(db_url: str, out_dir: Path, as_of: date, config: ExportConfig) -> None:
    stack = ExitStack()  # closed when the worker process ends
    _WORKER["stack"] = stack
    src = stack.enter_context(source.open_source(db_url, page_cache_kib=PAGE_CACHE_KIB))
    _WORKER["exporter"] = _Exporter(src, out_dir, as_of, config)


def _bodies_worker(body_ids: Sequence[int], slugs: dict[int, str]
                   ) -> tuple[dict[str, int], list[str], int, int, dict[str, str]]:
    """One piece of the body feeds, in a worker; returns what the parent records in the manifest."""
    exporter: _Exporter = _WORKER["exporter"]
    exporter.report, exporter.counts = ExportReport(exporter.out), {}
    exporter._export_bodies(list(body_ids), slugs, False)
    report = exporter.report
    return exporter.counts, report.written, report.unchanged, report.events, report.failed
