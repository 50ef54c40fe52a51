"""A small but realistic database for the TUI tests, built with the SQLModel tables.

No mocks of our storage: a real SQLite file, the real schema, assignments made
by the real set-based materialisation. Deterministic: same rows every time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select

from roadmap_tui.model.db import create_schema, make_engine, unit_of_work
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.tables import (
    UNDATED,
    Assignment,
    Body,
    Document,
    ImportNote,
    Item,
    ItemBody,
    ItemDue,
    Section,
    StatusChange,
)

TODAY = date(2023, 3, 15)
NOW = datetime(2023, 3, 15, 3, 0, tzinfo=UTC)  # 10:00 in Tomsk
SCHOOLS = 67
TOWN = "Северск"

# (section, number, title, phrase, kind, explain, dues [(start, due)], bodies)
ITEMS = [
    ("1", "1.1", "Разработать план мероприятий по повышению качества образования",
     "до 01.10.2022", "once", "до 01.10.2022 включительно", [(None, date(2022, 10, 1))],
     ["dep:edu"]),
    ("1", "1.2", "Провести совещание руководителей общеобразовательных организаций",
     "ежеквартально", "recurring", "ежеквартально: последний день квартала",
     [(None, date(2022, 12, 31)), (None, date(2023, 3, 31)), (None, date(2023, 6, 30))],
     ["centre:imc"]),
    ("1", "1.3", "Утвердить состав муниципальной рабочей группы", "по плану", "by_plan",
     "по плану: дату назначает ответственный", [], ["dep:edu"]),
    ("2", "2.1", "Провести диагностику читательской грамотности обучающихся 7 классов",
     "до 10.03.2023", "once", "до 10.03.2023 включительно", [(None, date(2023, 3, 10))],
     ["group:oo"]),
    ("2", "2.2", "Представить отчёт о результатах всероссийских проверочных работ",
     "с 13 по 24 марта 2023 г.", "window", "окно 13.03.2023–24.03.2023",
     [(date(2023, 3, 13), date(2023, 3, 24))], ["group:oo"]),
    ("2", "2.3", "Организовать методические семинары для учителей математики",
     "в течение учебного года", "continuous", "в течение учебного года: без отдельной даты",
     [], ["centre:imc"]),
    ("2", "2.4", "Обновить программы внеурочной деятельности", "когда потребуется",
     "unknown", "срок не распознан", [], []),
]


def db_url(path: Path) -> str:
    return f"sqlite:///{path}"


def build_database(path: Path) -> str:
    """Create the test database at `path`; return its URL."""
    url = db_url(path)
    engine = make_engine(url)
    create_schema(engine)
    with unit_of_work(engine) as s:
        bodies = [
            Body(code="dep:edu", full_name="Управление образования Администрации ЗАТО Северск",
                 short_name="Управление образования", kind="department"),
            Body(code="centre:imc", full_name="Ресурсный центр образования",
                 short_name="Ресурсный центр", kind="centre"),
            Body(code="group:oo", full_name="Общеобразовательные организации", short_name="ОО",
                 kind="group", municipality=TOWN),
        ]
        bodies += [
            Body(code=f"school:{n}", full_name=f"МБОУ «СОШ № {n}»", short_name=f"СОШ № {n}",
                 kind="school", municipality=TOWN)
            for n in range(1, SCHOOLS + 1)
        ]
        s.add_all(bodies)
        plan = Document(source_name="001_plan.txt", kind="plan", number="412",
                        doc_date=date(2022, 9, 1), municipality=TOWN,
                        title="Дорожная карта повышения качества общего образования",
                        period_start=date(2022, 9, 1), period_end=date(2023, 8, 31))
        order = Document(source_name="002_order.txt", kind="order", number="57",
                         doc_date=date(2023, 2, 20), municipality=TOWN,
                         title="О проведении мониторинга функциональной грамотности")
        s.add_all([plan, order])
        s.flush()
        sections = {
            "1": Section(document_id=plan.id, number="1", title="Организационные мероприятия",
                         position=0),
            "2": Section(document_id=plan.id, number="2", title="Работа с образовательными "
                         "организациями", position=1),
        }
        s.add_all(sections.values())
        s.flush()
        codes = {b.code: b.id for b in s.exec(select(Body))}
        entries = [(plan.id, sections[sec].id, *rest) for sec, *rest in ITEMS]
        entries.append((order.id, None, "1", "Провести мониторинг функциональной грамотности",
                        "до 20.03.2023", "once", "до 20.03.2023 включительно",
                        [(None, date(2023, 3, 20))], ["dep:edu", "group:oo"]))
        for position, (doc_id, sec_id, number, title, phrase, kind, explain, dues,
                       owners) in enumerate(entries):
            item = Item(document_id=doc_id, section_id=sec_id, number=number, title=title,
                        deadline_raw=phrase, schedule_kind=kind, schedule_explain=explain,
                        position=position, report_form="информация в Управление образования",
                        responsible_raw=", ".join(owners) or None)
            s.add(item)
            s.flush()
            for start, due in dues or [(None, None)]:
                s.add(ItemDue(item_id=item.id, occurrence=due.isoformat() if due else UNDATED,
                              window_start=start, due_on=due))
            for n, code in enumerate(owners):
                s.add(ItemBody(item_id=item.id, body_id=codes[code], position=n))
            if kind == "unknown":
                s.add(ImportNote(document_id=doc_id, item_id=item.id, code="import",
                                 message=f"пункт {number}: срок «{phrase}» не распознан"))
        s.flush()
        materialize_assignments(s)
        _statuses(s)
    engine.dispose()
    return url


def _statuses(s) -> None:  # type: ignore[no-untyped-def]
    """Realistic progress: 45 of 67 schools did 2.1 (three of them late), 1.1 done late."""
    def item_id(number: str) -> int:
        return s.exec(select(Item.id).where(Item.number == number)).first()

    school_ids = [b.id for b in s.exec(select(Body).where(Body.kind == "school")
                                       .order_by(col(Body.id)))]
    done = school_ids[:45]
    s.execute(update(Assignment).where(col(Assignment.item_id) == item_id("2.1"),
                                       col(Assignment.body_id).in_(done[:42]))
              .values(status="done", completed_on=date(2023, 3, 9), version=2))
    s.execute(update(Assignment).where(col(Assignment.item_id) == item_id("2.1"),
                                       col(Assignment.body_id).in_(done[42:]))
              .values(status="done", completed_on=date(2023, 3, 13), version=2))
    s.execute(update(Assignment).where(col(Assignment.item_id) == item_id("2.2"),
                                       col(Assignment.body_id).in_(school_ids[:10]))
              .values(status="in_progress", version=2))
    first = s.exec(select(Assignment).where(Assignment.item_id == item_id("1.1"))).first()
    first.status, first.completed_on, first.version = "done", date(2022, 10, 5), 2
    first.report_received, first.report_ref = True, "письмо № 12-01/345"
    s.add(first)
    s.add(StatusChange(assignment_id=first.id, old_status="planned", new_status="done",
                       old_due_on=first.due_on, new_due_on=first.due_on,
                       completed_on=date(2022, 10, 5), report_received=True,
                       report_ref="письмо № 12-01/345", changed_by="иванова",
                       changed_at=datetime(2022, 10, 5, 4, 30, tzinfo=UTC),
                       comment="план утверждён приказом № 530"))


UNREGISTERED = "Александровский район"


def add_document_without_schools(url: str) -> None:
    """A roadmap of a municipality with no schools in the registry: its "ОО" item stays
    one placeholder assignment of the group (overdue as of TODAY)."""
    engine = make_engine(url)
    with unit_of_work(engine) as s:
        group = s.exec(select(Body).where(Body.code == "group:oo")).one()
        doc = Document(source_name="003_aleksandrovsky.txt", kind="plan", number="18",
                       doc_date=date(2022, 9, 1), municipality=UNREGISTERED,
                       title="Дорожная карта Александровского района")
        s.add(doc)
        s.flush()
        item = Item(document_id=doc.id, section_id=None, number="1",
                    title="Провести родительские собрания", deadline_raw="до 01.03.2023",
                    schedule_kind="once", schedule_explain="до 01.03.2023 включительно",
                    position=0, responsible_raw="group:oo")
        s.add(item)
        s.flush()
        s.add(ItemDue(item_id=item.id, occurrence="2023-03-01", due_on=date(2023, 3, 1)))
        s.add(ItemBody(item_id=item.id, body_id=group.id, position=0))
        s.flush()
        materialize_assignments(s, doc.id)
    engine.dispose()
