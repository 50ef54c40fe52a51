"""Documents of other regions, and shapes written here: the importer reads what it was never shown.

The corpus (``fixtures/corpus``) is graded with the same helper as
``python -m benchmarks.corpus``; the shapes (``fixtures/shapes``) are our
own documents in the layouts real acts use (other wording, other column
orders, date first, quarter marks, glued and run-on numbers, persons
before the verb), each with its expected items.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.deadlines import PlanContext, parse_deadline
from roadmap_tui.importer import ParsedDocument, parse_document, read_document
from roadmap_tui.importer.grading import grade_corpus, grade_document, load_golden, total
from roadmap_tui.importer.skips import EXPLAINED, unexplained

from conftest import FIXTURES, PROJECT

CORPUS = FIXTURES / "corpus"
SHAPES = FIXTURES / "shapes"
SEEDS = PROJECT / "data" / "roadmaps"
COMPARED = ("kind", "number", "section", "title", "deadline_raw", "form", "responsible_raw",
            "report_form", "note", "person")


def test_corpus_every_item_found_and_right() -> None:
    whole = total(grade_corpus(CORPUS, CORPUS / "golden.jsonl"))
    assert whole.expected == 24
    assert whole.right["found"] == whole.expected, whole.misses
    for key in ("number", "deadline", "title"):
        assert whole.right[key] >= 0.95 * whole.expected, (key, whole.misses)


def test_docx_equals_its_text_and_its_golden() -> None:
    from_word = read_document(CORPUS / "d36_penza_post1074_2007.docx")
    from_text = read_document(CORPUS / "d36_penza_post1074_2007.txt")
    assert [[getattr(i, f) for f in COMPARED] for i in from_word.items] == \
        [[getattr(i, f) for f in COMPARED] for i in from_text.items]
    golden = load_golden(CORPUS / "golden_docx.jsonl")
    grade = grade_document("d36.docx", golden, from_word)
    assert grade.right == dict.fromkeys(grade.right, len(golden)), grade.misses
    assert [(i.responsible_raw, i.person) for i in from_word.items] == \
        [(g["responsible_raw"], g["person"]) for g in golden]


def _all_documents() -> list[Path]:
    return sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.docx"), *SEEDS.glob("*.txt")])


@pytest.mark.parametrize("path", _all_documents(), ids=lambda p: p.name)
def test_no_document_is_silently_empty(path: Path) -> None:
    doc = read_document(path)
    if not doc.items:
        assert doc.warnings and doc.warnings[0].startswith("ВНИМАНИЕ"), doc.warnings
    # Whatever gave no item is listed; a reason outside the explained ones is shouted.
    if unexplained(doc):
        assert any(w.startswith("ВНИМАНИЕ") and "не понятых" in w for w in doc.warnings)


def test_explained_skips_are_listed_without_alarm() -> None:
    doc = read_document(CORPUS / "d37_arkhangelsk_post121_2016.txt")
    assert {s.line for s in doc.skipped} == {12, 14, 16}
    assert all(s.reason in EXPLAINED for s in doc.skipped)
    assert not any(w.startswith("ВНИМАНИЕ") for w in doc.warnings)


def test_header_not_understood_is_loud() -> None:
    doc = read_document(SHAPES / "s07_unknown_header.txt")
    assert doc.items == []
    assert doc.warnings[0].startswith("ВНИМАНИЕ: в документе не найдено")
    assert any("строки 4, 5, 6" in w for w in doc.warnings)
    assert {s.line for s in doc.skipped} == {4, 5, 6}
    assert all("заголовок таблицы не распознан" in s.reason for s in doc.skipped)


def test_table_rows_nobody_understands_are_named() -> None:
    text = ("№\tНаименование мероприятия\tСрок\tИсполнитель\n"
            "1\tСовещание\tмарт\tИМЦ\n"
            "Непонятный хвост без номера\tещё что-то\tи ещё\n")
    doc = parse_document(text, "хвост.txt")
    assert [i.number for i in doc.items] == ["1"]
    assert [(s.line, s.reason in EXPLAINED) for s in doc.skipped] == [(3, False)]
    assert any("строки 3" in w for w in doc.warnings)


def _expected_shapes() -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for line in (SHAPES / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.setdefault(row["doc"], []).append(row)
    return out


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.txt")), ids=lambda p: p.name)
def test_shapes_give_their_expected_items(path: Path) -> None:
    expected = _expected_shapes().get(path.name, [])
    doc: ParsedDocument = read_document(path)
    keys = [k for k in (expected[0] if expected else {}) if k != "doc"]
    assert [{k: getattr(i, k) for k in keys} for i in doc.items] == \
        [{k: e[k] for k in keys} for e in expected]


def test_quarter_marks_become_a_hint_not_a_printed_deadline() -> None:
    doc = read_document(CORPUS / "d18_arkhangelsk_kvartal_2013.txt")
    assert [(i.number, i.deadline_raw, i.deadline_hint) for i in doc.items] == [
        ("1", None, "I, II, III, IV кв. 2013 г."), ("2", None, "I кв. 2013 г.")]


def test_quarters_of_a_stated_year_fall_in_that_year() -> None:
    # "I квартал 2013 г." … in the header: the quarters are 2013's, whatever
    # teaching year the plan's date suggests.
    doc = read_document(CORPUS / "d18_arkhangelsk_kvartal_2013.txt")
    context = PlanContext(period_start=doc.period_start, period_end=doc.period_end,
                          doc_date=doc.date, horizon=date(2020, 1, 1))
    dues = [[d.due_on for d in parse_deadline(i.deadline_hint, context).dues] for i in doc.items]
    assert dues == [[date(2013, 3, 31), date(2013, 6, 30), date(2013, 9, 30), date(2013, 12, 31)],
                    [date(2013, 3, 31)]]


def test_doubts_are_attached_to_their_item() -> None:
    doc = read_document(SHAPES / "s03_wrapped_header.txt")
    first = doc.items[0]
    assert any("нескольких абзацев" in w for w in first.warnings)
    unknown = read_document(SHAPES / "s02_money_quarters.txt").items[0]
    assert any("не найден в реестре" in w for w in unknown.warnings)


def test_word_cells_of_several_paragraphs(tmp_path: Path) -> None:
    """In a real Word table a hyphenated header and a two-paragraph cell read as one cell each."""
    import docx

    document = docx.Document()
    document.add_paragraph("План мероприятий по введению ФГОС")
    table = document.add_table(rows=0, cols=4)
    rows = [(["№"], ["Содержание работы"], ["Срок реализа-", "ции"], ["Ответственные", "лица"]),
            (["1."], ["Разработка положения", "о рабочей группе"], ["до 01.03.2025"], ["Иванов И.И.", "Петрова А.А."]),
            (["2."], ["Педагогический совет"], ["март 2025 г."], ["Петрова А.А."])]
    for values in rows:
        for cell, paragraphs in zip(table.add_row().cells, values, strict=True):
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)
    path = tmp_path / "fgos.docx"
    document.save(str(path))
    doc = read_document(path)
    assert [(i.number, i.title, i.deadline_raw, i.responsible_raw) for i in doc.items] == [
        ("1", "Разработка положения о рабочей группе", "до 01.03.2025", "Иванов И.И. Петрова А.А."),
        ("2", "Педагогический совет", "март 2025 г.", "Петрова А.А.")]


def test_dashes_under_an_addressee_are_items_of_one_point() -> None:
    doc = read_document(SHAPES / "s09_school_order_dashes.txt")
    second = [i for i in doc.items if i.number == "2"]
    assert [i.dup_index for i in second] == [0, 1]
    assert [s.reason in EXPLAINED for s in doc.skipped] == [True]


@pytest.mark.parametrize(("name", "kind", "number", "day"), [
    ("d02_tula_prikaz109_2012.txt", "приказ", "109", "2012-02-20"),
    ("d22_spb_rasp699_2011.txt", "распоряжение", "699-Р", "2011-04-18"),
    ("d37_arkhangelsk_post121_2016.txt", "постановление", "121", "2016-02-05"),
])
def test_requisites_on_one_line(name: str, kind: str, number: str, day: str) -> None:
    doc = read_document(CORPUS / name)
    assert (doc.kind, doc.number, doc.date and doc.date.isoformat()) == (kind, number, day)
    assert doc.title and doc.title.startswith("О")


def test_a_row_over_several_lines_lists_them_all() -> None:
    doc = read_document(SHAPES / "s14_title_cell_two_paragraphs.txt")
    assert [i.source_lines for i in doc.items] == [[4, 5], [6]]
    assert doc.skipped == []


_PIECES = ["№", "п/п", "Наименование мероприятия", "Срок", "Ответственный", "I квартал", "х", "-", "1.", "2.1.",
           "I.", "\t", "\n", "Срок:", "до 01.02.2025", "Руководителям ОО:", "обеспечить", "Контроль", "возложить на",
           "Иванову И.И.", "Утвердить", "(в редакции)", "1 2 3", "2025", "реализа-", "ции", " ", "ПРИКАЗЫВАЮ:",
           "1)", "- ", "Раздел 1.", "1.-обеспечить"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_parse_never_raises_on_document_like_text(text: str) -> None:
    doc = parse_document(text, "обрывки.txt")
    # Nothing vanishes: no items means a loud warning.
    assert doc.items or doc.warnings[0].startswith("ВНИМАНИЕ")


def test_plan_under_an_approval_stamp_for_a_calendar_year() -> None:
    # "УТВЕРЖДАЮ" heads the stamp, not the issuer; "в 2025 году" is the plan's period;
    # the executor column comes before the deadline and "Ожидаемый результат" is the report.
    doc = read_document(SHAPES / "s17_approval_stamp_calendar_year.txt")
    assert doc.issuer is None
    assert (doc.period_start, doc.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert [(i.number, i.deadline_raw, i.responsible, i.report_form) for i in doc.items] == [
        ("1", "январь 2025 г.", [], "Приказ"),
        ("2", "до 20 февраля 2025 г.", ["ОО"], "Аналитическая справка"),
        ("3", "в течение года", ["ОО"], "Протоколы собраний"),
        ("4", "ежемесячно до 5 числа", [], "Отчёт"),
    ]
    assert not unexplained(doc)


def test_order_with_letterhead_cells_and_dates_closing_its_points() -> None:
    doc = read_document(SHAPES / "s19_order_dates_at_end_letterhead_cells.txt")
    assert (doc.kind, doc.number, doc.date) == ("приказ", "245", date(2025, 9, 10))
    assert doc.title == "О мерах по профилактике детского дорожно-транспортного травматизма"
    assert [(i.number, i.title, i.deadline_raw) for i in doc.items if i.kind == "directive"] == [
        ("1.1", "провести «Недели безопасности»", "с 15 по 19 сентября 2025 г."),
        ("1.2", "обновить паспорта дорожной безопасности", "до 1 октября 2025 года"),
        ("1.3", "представить отчёт о проведённых мероприятиях", "до 25.09.2025"),
        ("2", "обеспечить методическое сопровождение мероприятий", "в течение учебного года"),
    ]


def test_the_heading_above_a_table_states_the_period_whatever_it_calls_the_plan() -> None:
    doc = read_document(SHAPES / "s20_roadmap_heading_not_plan.txt")
    assert doc.plan_title == "Дорожная карта по реализации проекта «Школа Минпросвещения России» на 2025 год"
    assert (doc.period_start, doc.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert [(i.number, i.section) for i in doc.items] == [
        ("1.1", "Организационные мероприятия"), ("1.2", "Организационные мероприятия"),
        ("2.1", "Кадровое обеспечение"), ("2.2", "Кадровое обеспечение")]
