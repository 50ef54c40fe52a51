"""Test data for the exporter tests: a small real SQLite database with hostile titles.

Imported by the export/digest/serve tests (`from test_export_data import …`);
it holds no tests itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from roadmap_tui.model.db import create_schema, lean, make_engine, unit_of_work
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.statuses import Status
from roadmap_tui.model.tables import Body, Document, Item, ItemBody, ItemDue
from roadmap_tui.tracking.status import StatusUpdate, change_status

AS_OF = date(2024, 3, 13)  # a Wednesday
HOSTILE = 'Отчёт; «ёлочки», "кавычки", обратный \\ слеш\nи перевод строки — Ёё'
T0 = datetime(2024, 1, 10, 3, 0, tzinfo=UTC)

BODIES = [
    ("ДО", "Департамент образования", "ДО", "department", "do@example.ru"),
    ("ИМЦ", "Информационно-методический центр", "ИМЦ", "centre", "imc@example.ru"),
    ("ОО", "Общеобразовательные организации", "ОО", "group", None),
    ("СОШ № 1", "МАОУ «СОШ № 1»", "СОШ № 1", "school", "school1@example.ru"),
    ("СОШ № 2", "МАОУ «СОШ № 2»", "СОШ № 2", "school", "school2@example.ru"),
    ("Лицей", "МАОУ «Лицей»", "Лицей", "school", None),
]

# (number, title, deadline phrase, report form, responsible codes, [(window, due)])
ITEMS = [
    ("1", HOSTILE, "до 01.03.2024", "Справка; таблица", ["ДО", "ОО"], [(None, date(2024, 3, 1))]),
    ("2", "Провести семинар для заместителей директоров", "ежеквартально", "Протокол",
     ["ИМЦ"], [(date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 4, 1), date(2024, 6, 30))]),
    ("3", "Мониторинг функциональной грамотности", "в течение недели", None, ["ОО"],
     [(None, date(2024, 3, 15)), (None, date(2024, 3, 20))]),
    ("4", "Разработать план мероприятий", "по плану", None, ["ДО", "ИМЦ"], [(None, None)]),
    ("5", "Итоговое совещание", "до 05.03.2024", "Отчёт", ["ДО"], [(None, date(2024, 3, 5))]),
]


def make_db(path: Path) -> str:
    """Create the database at `path` and return its URL; statuses set as documented below."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    create_schema(engine)
    with unit_of_work(engine) as s:
        codes = {}
        for code, full, short, kind, email in BODIES:
            body = Body(code=code, full_name=full, short_name=short, kind=kind, email=email)
            s.add(body)
            s.flush()
            codes[code] = body.id
        doc = Document(source_name="plan_2024.txt", kind="Приказ", number="12-п", doc_date=date(2024, 1, 9),
                       title="Дорожная карта «Качество образования» на 2024 год", content_sha256="x",
                       imported_at=T0)
        s.add(doc)
        s.flush()
        for pos, (number, title, phrase, report, resp, dues) in enumerate(ITEMS):
            item = Item(document_id=doc.id, number=number, position=pos, title=title,
                        deadline_raw=phrase, report_form=report)
            s.add(item)
            s.flush()
            for i, code in enumerate(resp):
                s.add(ItemBody(item_id=item.id, body_id=codes[code], position=i))
            for window, due in dues:
                s.add(ItemDue(item_id=item.id, occurrence=due.isoformat() if due else "-",
                              window_start=window, due_on=due))
        s.flush()
        materialize_assignments(s)
    with unit_of_work(engine) as s:
        from sqlalchemy import text

        s.execute(text("UPDATE assignment SET updated_at = :t"), {"t": T0})
    engine.dispose()
    return url


def assignment_ids(url: str, body_code: str) -> list[int]:
    import sqlite3

    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as c:
        return [r[0] for r in c.execute(
            "SELECT a.id FROM assignment a JOIN body b ON b.id = a.body_id WHERE b.code = ?"
            " ORDER BY a.due_on, a.id", (body_code,))]


def set_status(url: str, assignment_id: int, status: Status, *, when: datetime,
               comment: str | None = None, completed_on: date | None = None,
               new_due_on: date | None = None) -> None:
    engine = make_engine(url)
    with unit_of_work(engine) as s:
        change_status(lean(s), assignment_id, StatusUpdate(status, comment=comment, completed_on=completed_on,
                                                     new_due_on=new_due_on),
                      by="тест", today=when.date(), now=when)
    engine.dispose()


def make_digest_db(path: Path) -> str:
    """The export database with one school's first assignment done on Monday 11.03.2024."""
    url = make_db(path)
    done = assignment_ids(url, "СОШ № 2")[0]
    set_status(url, done, Status.DONE, when=datetime(2024, 3, 11, 4, 0, tzinfo=UTC), completed_on=date(2024, 3, 11))
    return url
