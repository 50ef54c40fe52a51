"""One registry of body names, matched one way, by the importer and the deadline engine alike.

The names live in ``data/bodies.csv`` (or the database's body rows); a body
added there is recognised in any grammatical case by both, with no code
changed. Abbreviations count only as printed; a person is not a body; and
the morphology analyser is loaded only when text is matched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from roadmap_tui.deadlines import Kind, PlanContext, parse_deadline
from roadmap_tui.importer import match_bodies, read_document
from roadmap_tui.importer.bodies import find_person
from roadmap_tui.importer.schools import SchoolIndex
from roadmap_tui.names import bundled_names, bundled_rows
from roadmap_tui.names.morph import analyzer
from roadmap_tui.settings import PROJECT_DIR

from conftest import CliRunner

PLAN = PlanContext(date(2023, 9, 1), date(2024, 8, 31), date(2023, 9, 1))
#: How a name is printed as an executor or a plan's owner.
CASES = ({"datv"}, {"gent"}, {"datv", "plur"}, {"gent", "plur"})


def _plan_docx(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A one-table plan: (deadline, executor) per row."""
    document = docx.Document()
    for line in ("РАСПОРЯЖЕНИЕ", "15.02.2024", "№ 45-р", "Об утверждении плана на 2024 – 2025 учебный год"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=4)
    cells = [("№", "Мероприятие", "Срок", "Ответственный")]
    cells += [(f"{n}.", f"Совещание {n}", deadline, executor) for n, (deadline, executor) in enumerate(rows, 1)]
    for values in cells:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def _inflected(name: str, grammemes: set[str]) -> str:
    """`name` with each of its words put in the given case and number (abbreviations kept)."""
    words = []
    for word in name.split():
        parsed = analyzer().parse(word)[0] if not word.isupper() else None
        form = parsed.inflect(grammemes) if parsed is not None and {"NOUN", "ADJF"} & {parsed.tag.POS} else None
        words.append(form.word if form is not None else word)
    return " ".join(words)


def _bodies() -> list[tuple[str, str]]:
    """Every (code, alias) of the bundled registry but the schools (found by number, not name)."""
    return [(row.code, alias) for row in bundled_rows() if row.kind != "school"
            for alias in row.aliases.split("|") if alias]


@pytest.mark.parametrize(("code", "alias"), _bodies(), ids=[f"{c}:{a}" for c, a in _bodies()])
def test_every_registered_name_is_known_to_the_importer_and_the_deadline_engine(code: str, alias: str) -> None:
    for grammemes in CASES:
        printed = _inflected(alias, grammemes)
        assert match_bodies(f"Руководителям: {printed}")[:1] == [code], printed
    owner = _inflected(alias, {"gent"})
    schedule = parse_deadline(f"По плану {owner}", PLAN)
    assert (schedule.kind, schedule.owner) == (Kind.BY_PLAN, code), owner
    # Explained by the registry's name as the document printed it, not a label kept in code.
    shown = schedule.explain.removeprefix("дата не назначена: по плану ")
    assert shown != schedule.explain and shown in owner, (owner, schedule.explain)


def test_a_body_added_to_the_csv_is_recognised_without_code_changes(tmp_path: Path) -> None:
    # A copy of the project whose registry has one more row; the code is the same.
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "roadmap_tui", copy / "roadmap_tui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "data").mkdir()
    registry = (PROJECT_DIR / "data" / "bodies.csv").read_text(encoding="utf-8")
    row = "ДДТ,Дом детского творчества «Планета»,ДДТ,centre,,Дом детского творчества|ДДТ,Город Томск\r\n"
    (copy / "data" / "bodies.csv").write_text(registry + row, encoding="utf-8", newline="")
    plan = _plan_docx(tmp_path / "plan.docx", [("По плану Дома детского творчества", "Дому детского творчества"),
                                               ("ДДТ", "Руководителям домов детского творчества, ИМЦ")])
    probe = (
        "import json, sys\n"
        "from datetime import date\n"
        "from roadmap_tui.deadlines import PlanContext, parse_deadline\n"
        "from roadmap_tui.importer import read_document\n"
        "plan = PlanContext(date(2024, 9, 1), date(2025, 8, 31), date(2024, 2, 15))\n"
        "items = read_document(__import__('pathlib').Path(sys.argv[1])).items\n"
        "print(json.dumps([(i.responsible, parse_deadline(i.deadline_raw, plan).owner) for i in items]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(plan)], cwd=copy, capture_output=True, text=True,
                          env={"PYTHONPATH": str(copy), "PATH": ""}, check=True)
    assert json.loads(done.stdout) == [[["ДДТ"], "ДДТ"], [["ДДТ", "ИМЦ"], "ДДТ"]]
    # The project's own registry has no such body: the row alone made the difference.
    assert [i.responsible for i in read_document(plan).items] == [[], ["ИМЦ"]]
    assert parse_deadline("По плану Дома детского творчества", PLAN).owner == "Дома детского творчества"


def test_a_body_registered_in_the_database_is_matched_in_any_case(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    registry = tmp_path / "bodies.csv"
    registry.write_text("code,full_name,short_name,kind,aliases\n"
                        "ЦДТ_ТЕГ,Центр детского творчества Тегульдетского района,ЦДТ,centre,"
                        "Центр детского творчества\n", encoding="utf-8")
    assert cli("bodies", "import", registry, "--db", db).code == 0
    plan = _plan_docx(tmp_path / "plan.docx", [("октябрь", "Центру детского творчества"),
                                               ("ноябрь", "Руководителям центров детского творчества"),
                                               ("декабрь", "ЦДТ")])
    assert cli("import", plan, "--db", db).code == 0
    items = json.loads(cli("items", "--db", db, "--json").out)
    assert [i["responsible"] for i in items] == [["ЦДТ_ТЕГ"]] * 3


def test_abbreviations_count_only_as_printed() -> None:
    assert match_bodies("ИМЦ, ЦПК, ОО, МО") == ["ИМЦ", "ЦПК", "ОО", "МО"]
    assert match_bodies("имц, цпк, мо") == []
    # "ДО" is also "МАОУ ДО", further education: too vague to look for inside a text,
    # it names the department only as the whole executor.
    assert match_bodies("МАОУ ДО «Хобби-центр»") == ["ХОББИ"]
    assert bundled_names().whole("ДО") == ["ДО"]
    assert parse_deadline("до 1 октября", PLAN).owner is None
    assert parse_deadline("По плану ЦПК", PLAN).owner == "ЦПК"


def test_a_person_is_not_a_body_but_their_position_is() -> None:
    assert match_bodies("Швайко И.В.") == []
    assert match_bodies("Швайко И.В., заместителя начальника департамента образования") == ["ЗАМ_НАЧ"]


def test_people_are_found_by_pymorphy3s_patronymics() -> None:
    # Any patronymic pymorphy3 knows, not a list of endings ("Кузьмичу" has none of "вн/вич/ичн").
    assert find_person("Директору Петрову Ивану Кузьмичу") == "Петрову Ивану Кузьмичу"
    assert find_person("Болдыреву Евгению Сергеевну") == "Болдыреву Евгению Сергеевну"
    assert find_person("Совету Молодых Учёных") is None
    assert find_person("Сердечный В.И. Темяшева Т.К.") == "Сердечный В.И. Темяшева Т.К."


def test_the_longest_name_wins() -> None:
    assert match_bodies("заместителю начальника департамента образования") == ["ЗАМ_НАЧ"]
    assert match_bodies("Департамент общего образования Томской области") == ["ДОО_ТО"]
    assert match_bodies("Департаменту образования администрации Города Томска") == ["ДО"]
    assert match_bodies("Центра планирования карьеры и МАУ ИМЦ г.Томска") == ["ЦПК", "ИМЦ"]


def test_a_cited_act_names_its_issuer_not_an_executor() -> None:
    assert match_bodies("Распоряжение Департамента образования от 21.10.2021 №1688-р, ИМЦ") == ["ИМЦ"]
    assert match_bodies("Приказ ДОО ТО") == []


def test_schools_named_by_name_come_from_the_registry_in_any_case() -> None:
    index = SchoolIndex("Директорам Гуманитарного лицея и МБОУ Академического лицея им. Г.А. Псахье, "
                        "гимназий № 6, 24 и в лицее № 7")
    assert [s.code for s in index.schools()] == [
        "school:МАОУ Гуманитарный лицей", "school:МБОУ Академический лицей", "school:МАОУ гимназия № 6",
        "school:МАОУ гимназия № 24", "school:МАОУ лицей № 7"]
    # A name's honorific tail ends with its last genitive word, not at a fixed list of them.
    tail = SchoolIndex("МАОУ СОШ № 34 им. 79-й гвардейской стрелковой дивизии и МАОУ СОШ № 5").schools()[0]
    assert tail.full_name == "МАОУ СОШ № 34 им. 79-й гвардейской стрелковой дивизии"


def test_words_are_analysed_once(seeds: list[Path]) -> None:
    from roadmap_tui.names import morph

    read_document(seeds[1])
    analysed = morph._parses.cache_info().misses
    read_document(seeds[1])
    assert analysed > 0 and morph._parses.cache_info().misses == analysed


LAZY = """
import json, sys
from datetime import date
from roadmap_tui.cli import main
from roadmap_tui.deadlines import PlanContext, parse_deadline
loaded = []
if sys.argv[1] == "read":
    main(sys.argv[2:])
else:
    plan = PlanContext(date(2023, 9, 1), date(2024, 8, 31), date(2023, 9, 1))
    for phrase in sys.argv[2:]:
        parse_deadline(phrase, plan)
        loaded.append("pymorphy3" in sys.modules)
print(json.dumps({"loaded": loaded, "now": "pymorphy3" in sys.modules}))
"""


def _lazy(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", LAZY, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_analyser_loads_only_when_names_are_matched(db_path: Path) -> None:
    assert _lazy("read", "overdue", "--as-of", "15.03.2023", "--db", str(db_path))["now"] is False
    assert _lazy("read", "bodies", "--db", str(db_path))["now"] is False
    phrases = ("ежемесячно", "до 1 октября 2023", "постоянно", "По плану ЦПК")
    assert _lazy("deadlines", *phrases)["loaded"] == [False, False, False, True]


def test_text_in_any_script_is_matched_without_error() -> None:
    # pymorphy3 raises on a code point without a Unicode name; such a word is taken as printed.
    assert match_bodies("𗀀 ИМЦ") == ["ИМЦ"]
    assert parse_deadline("𗀀", PLAN).kind == Kind.UNKNOWN
