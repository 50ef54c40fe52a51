"""The region's roadmaps: one per municipality, measures drawn from the seeds.

Each plan runs five school years around `today` (from September three years
ago), so its deadlines fall both behind and ahead of the coordinator. A
measure keeps the seed's title and deadline phrase, with printed years moved
into the plan; its dues come from the real deadline engine, so the demo
shows exactly what an import of such a document would. Measures are added
until the municipality's share of the assignment target is reached.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from roadmap_tui.deadlines import Kind, PlanContext, Schedule, parse_deadline
from roadmap_tui.demo.bodies import ROLE_OF_SEED_CODE, Municipality
from roadmap_tui.demo.clock import at_ten
from roadmap_tui.demo.phrases import SeedItem, seed_items, shift_years
from roadmap_tui.model.tables import UNDATED

Row = dict[str, Any]

#: Give up on filling a plan after this many draws that would overshoot its quota.
_MAX_MISSES = 200
_MAX_ITEMS = 600


@dataclass(frozen=True)
class PlannedItem:
    """What assignments one measure owes: (occurrence, window, due) × (body, via group)."""

    id: int
    created: date
    dues: tuple[tuple[str, date | None, date | None], ...]
    targets: tuple[tuple[int, int | None], ...]

    @property
    def assignments(self) -> int:
        return len(self.dues) * len(self.targets)


@dataclass
class Plans:
    documents: list[Row] = field(default_factory=list)
    sections: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    dues: list[Row] = field(default_factory=list)
    item_bodies: list[Row] = field(default_factory=list)
    planned: list[PlannedItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Draft:
    seed: SeedItem
    phrase: str | None
    schedule: Schedule
    targets: tuple[tuple[int, int | None], ...]
    responsible: tuple[int, ...]


def plan_years(today: date) -> tuple[date, date]:
    """Five school years, the first starting in September three years before today's year.

    School roadmaps run by school years; a plan starting in January would
    make the engine read "октябрь" as the October before the plan began.
    """
    return date(today.year - 3, 9, 1), date(today.year + 2, 8, 31)


def schedule_of(kind: str, phrase: str | None, context: PlanContext) -> Schedule:
    """As the importer does: a control point without a phrase has no due date."""
    if kind == "control" and not phrase:
        return Schedule(phrase="", kind=Kind.CONTINUOUS, dues=(),
                        explain="контроль исполнения: без срока")
    return parse_deadline(phrase, context)


def build_plans(rng: random.Random, seed: int, municipalities: list[Municipality],
                regional: dict[str, int], names: dict[int, str], target: int,
                today: date) -> Plans:
    """Documents, sections, items, dues and responsibilities for every municipality."""
    plans = Plans()
    start, end = plan_years(today)
    pool = seed_items()
    quotas = _quotas(target, municipalities)
    for mun in municipalities:
        quota = quotas[mun.index]
        doc_date = start - timedelta(days=rng.randrange(10, 61))
        entered = doc_date + timedelta(days=rng.randrange(1, 6))  # typed in a few days later
        document_id = len(plans.documents) + 1
        kind = "распоряжение" if mun.index % 2 == 0 else "план"
        source = f"демо-{mun.index + 1:02d} {mun.name}.txt"
        plans.documents.append({
            "id": document_id, "source_name": source, "kind": kind,
            "number": f"{rng.randrange(10, 999)}-р", "doc_date": doc_date,
            "title": (f"Об утверждении плана мероприятий («дорожной карты») по повышению "
                      f"качества образования на {start.year}–{end.year} годы"),
            "issuer": f"Управление образования ({mun.name})", "municipality": mun.name,
            "plan_title": f"План мероприятий («дорожная карта») на {start.year}–{end.year} годы",
            "period_start": start, "period_end": end,
            "content_sha256": hashlib.sha256(f"{seed}:{source}".encode()).hexdigest(),
            "imported_at": at_ten(entered),
        })
        context = PlanContext(period_start=start, period_end=end, doc_date=doc_date, horizon=end)
        drafts = _draw(rng, pool, mun, regional, context, quota, start.year, end.year)
        _store(plans, document_id, entered, drafts, names)
    return plans


def _quotas(target: int, municipalities: list[Municipality]) -> list[int]:
    """Each municipality's share of the target: bigger districts owe more (schools + services)."""
    weights = [len(mun.schools) + 10 for mun in municipalities]
    return [target * w // sum(weights) for w in weights]


def _draw(rng: random.Random, pool: tuple[SeedItem, ...], mun: Municipality,
          regional: dict[str, int], context: PlanContext, quota: int,
          first_year: int, last_year: int) -> list[_Draft]:
    cache: dict[tuple[str, str | None], Schedule] = {}
    drafts: list[_Draft] = []
    count = misses = 0
    while count < quota and misses < _MAX_MISSES and len(drafts) < _MAX_ITEMS:
        seed_item = rng.choice(pool)
        phrase = shift_years(seed_item.deadline_raw, rng.randint(first_year + 1, last_year - 1))
        key = (seed_item.kind, phrase)
        if key not in cache:
            cache[key] = schedule_of(seed_item.kind, phrase, context)
        schedule = cache[key]
        responsible, targets = _targets(rng, seed_item, mun, regional)
        size = max(1, len(schedule.dues)) * len(targets)
        if count + size > quota * 1.01 and drafts:
            misses += 1
            continue
        drafts.append(_Draft(seed_item, phrase, schedule, targets, responsible))
        count += size
    return drafts


def _targets(rng: random.Random, seed_item: SeedItem, mun: Municipality,
             regional: dict[str, int]) -> tuple[tuple[int, ...], tuple[tuple[int, int | None], ...]]:
    """Responsible body ids (groups kept) and the assignment targets (groups expanded)."""
    responsible: list[int] = []
    for code in seed_item.responsible or ("ДО",):
        if code.startswith("school:"):
            responsible.append(rng.choice(mun.schools))
            continue
        role = ROLE_OF_SEED_CODE.get(code, "УО")
        responsible.append(mun.services[role] if role in mun.services else regional[role])
    responsible = list(dict.fromkeys(responsible))
    targets: dict[int, int | None] = {}
    for body_id in responsible:
        if body_id == regional["ОО"]:  # the group: every school of the plan's municipality
            for school in mun.schools:
                targets.setdefault(school, body_id)
        else:
            targets[body_id] = None
    return tuple(responsible), tuple(targets.items())


def _store(plans: Plans, document_id: int, created: date, drafts: list[_Draft],
           names: dict[int, str]) -> None:
    """Number measures section by section (sections in order of first appearance)."""
    sections: dict[str, list[_Draft]] = {}
    for draft in drafts:
        sections.setdefault(draft.seed.section or "Общие мероприятия", []).append(draft)
    position = 0
    for section_no, (title, members) in enumerate(sections.items(), start=1):
        section_id = len(plans.sections) + 1
        plans.sections.append({"id": section_id, "document_id": document_id,
                               "number": str(section_no), "title": title,
                               "position": section_no - 1})
        for item_no, draft in enumerate(members, start=1):
            item_id = len(plans.items) + 1
            seed_item, schedule = draft.seed, draft.schedule
            plans.items.append({
                "id": item_id, "document_id": document_id, "section_id": section_id,
                "kind": seed_item.kind, "number": f"{section_no}.{item_no}", "dup_index": 0,
                "position": position, "title": seed_item.title, "deadline_raw": draft.phrase,
                "schedule_kind": str(schedule.kind), "schedule_owner": schedule.owner,
                "schedule_explain": schedule.explain, "form": seed_item.form,
                "responsible_raw": ", ".join(names[b] for b in draft.responsible),
                "report_form": seed_item.report_form, "note": seed_item.note, "person": None,
                "source_lines": "",
            })
            position += 1
            dues = tuple((d.due_on.isoformat(), d.window_start, d.due_on)
                         for d in schedule.dues) or ((UNDATED, None, None),)
            plans.dues.extend({"item_id": item_id, "occurrence": occurrence,
                               "window_start": window_start, "due_on": due_on}
                              for occurrence, window_start, due_on in dues)
            plans.item_bodies.extend({"item_id": item_id, "body_id": body_id, "position": n}
                                     for n, body_id in enumerate(draft.responsible))
            plans.planned.append(PlannedItem(item_id, created, dues, draft.targets))
