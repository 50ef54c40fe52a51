"""The `roadmap` command line: arguments declared once, messages in Russian.

argparse's own messages go through gettext; a small catalogue turns the ones
a user meets into Russian, so even a typo in a flag is answered in Russian.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import NoReturn

_RU = {
    "usage: ": "использование: ",
    "the following arguments are required: %s": "не хватает аргументов: %s",
    "unrecognized arguments: %s": "непонятные аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "неверный выбор: %(value)r (допустимо: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "expected one argument": "нужно одно значение",
    "invalid %(type)s value: %(value)r": "неверное значение %(value)r",
    "show this help message and exit": "показать эту справку и выйти",
    "positional arguments": "аргументы",
    "options": "параметры",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
}


def _ru(message: str) -> str:
    return _RU.get(message, message)


argparse._ = _ru  # type: ignore[attr-defined]  # argparse looks `_` up at call time


class Parser(argparse.ArgumentParser):
    """Exits with code 2 and a Russian message on bad arguments."""

    def error(self, message: str) -> NoReturn:
        self.print_usage()
        self.exit(2, f"{self.prog}: ошибка: {message}\n")


#: The largest id or count a database integer holds (SQLite and PostgreSQL BIGINT).
_MAX_INT = 2**63 - 1


def number(text: str) -> int:
    """An id, a version or a count: a whole number that fits a database integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не целое число") from None
    if not 0 <= value <= _MAX_INT:
        raise argparse.ArgumentTypeError(f"«{text}» вне допустимого диапазона (0…{_MAX_INT})")
    return value


@dataclass(frozen=True)
class Parents:
    """Shared option groups, declared once, for subcommands defined in other modules."""

    common: argparse.ArgumentParser
    as_json: argparse.ArgumentParser
    as_of: argparse.ArgumentParser
    body: argparse.ArgumentParser


def build_parser() -> Parser:
    """Every subcommand with its options; shared ones declared once."""
    common = Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="база данных: путь к файлу SQLite или URL SQLAlchemy (или ROADMAP_DB)")
    as_json = Parser(add_help=False)
    as_json.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                         help="машиночитаемый вывод (даты ISO)")
    as_of = Parser(add_help=False)
    as_of.add_argument("--as-of", metavar="ДАТА", default=argparse.SUPPRESS,
                       help="на какую дату считать (ДД.ММ.ГГГГ; по умолчанию сегодня, Томск)")
    body = Parser(add_help=False)
    body.add_argument("--body", metavar="КОД", default=argparse.SUPPRESS,
                      help="только этот ответственный (код или краткое имя)")
    limit = Parser(add_help=False)
    limit.add_argument("--limit", type=number, default=argparse.SUPPRESS,
                       help="сколько строк показать (0 — все; по умолчанию 200)")

    parser = Parser(prog="roadmap", parents=[common],
                    description="Дорожные карты: сроки, исполнители, статусы. "
                                "Без команды открывает интерфейс координатора.")
    parser.add_argument("--user", default=None, help="кто вносит изменения (по умолчанию ROADMAP_USER)")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=Parser)

    p = sub.add_parser("import", parents=[common, as_json], help="импортировать документы")
    p.add_argument("paths", nargs="+", metavar="ФАЙЛ")
    p.add_argument("--dry-run", action="store_true",
                   help="показать, что изменит импорт, ничего не записывая")
    p.add_argument("--replaces", type=int, default=None, metavar="ДОКУМЕНТ",
                   help="файл — новая редакция этого документа (номер из roadmap documents)")
    p.add_argument("--by", default=None, help="кто импортирует")

    p = sub.add_parser("deadline", parents=[common, as_json], help="как понимается срок")
    p.add_argument("phrase", metavar="ФРАЗА")
    p.add_argument("--period", required=True, metavar="НАЧАЛО..КОНЕЦ")
    p.add_argument("--doc-date", metavar="ДАТА")

    p = sub.add_parser("items", parents=[common, as_json, body], help="мероприятия")
    p.add_argument("--doc", metavar="ДОКУМЕНТ", help="имя файла или номер документа")

    sub.add_parser("overdue", parents=[common, as_json, as_of, body, limit],
                   help="просроченные назначения")
    p = sub.add_parser("due", parents=[common, as_json, as_of, body, limit],
                       help="назначения со сроком в ближайшие дни")
    p.add_argument("--within", type=number, required=True, metavar="ДНЕЙ")

    p = sub.add_parser("bodies", parents=[common, as_json], help="реестр ответственных")
    bsub = p.add_subparsers(dest="bodies_command", metavar="ДЕЙСТВИЕ", parser_class=Parser)
    bi = bsub.add_parser("import", parents=[common, as_json], help="загрузить реестр из CSV")
    bi.add_argument("csv_path", metavar="ФАЙЛ.csv")
    from roadmap_tui.cli import lifecycle

    bm = bsub.add_parser("map", parents=[common, as_json],
                         help="сопоставить напечатанного исполнителя с ответственным (запомнить)")
    bm.add_argument("printed", metavar="ТЕКСТ", help="исполнитель, как напечатан в документе")
    bm.add_argument("codes", metavar="КОД[,КОД]", help="коды ответственных из справочника")
    bm.add_argument("--by", default=None, help="кто сопоставляет")
    bm.set_defaults(handler=lifecycle.cmd_bodies_map)
    bu = bsub.add_parser("unmapped", parents=[common, as_json],
                         help="исполнители из документов, не найденные в справочнике")
    bu.set_defaults(handler=lifecycle.cmd_bodies_unmapped)

    p = sub.add_parser("status", parents=[common, as_json], help="изменить статус назначения")
    p.add_argument("assignment", type=number, metavar="НАЗНАЧЕНИЕ")
    p.add_argument("status", metavar="СТАТУС",
                   help="запланировано | в работе | выполнено | отменено | перенесено")
    p.add_argument("--comment", default=None, help="комментарий (для переноса — причина)")
    p.add_argument("--by", default=None, help="кто вносит изменение")
    p.add_argument("--date", default=None, metavar="ДАТА",
                   help="дата выполнения (выполнено) или новый срок (перенесено)")
    p.add_argument("--report-ref", default=None, help="отчёт получен: его номер или ссылка")
    p.add_argument("--expect-version", type=number, default=None,
                   help="версия, на которой основано изменение (защита от одновременной правки)")

    p = sub.add_parser("history", parents=[common, as_json], help="история назначения")
    p.add_argument("assignment", type=number, metavar="НАЗНАЧЕНИЕ")

    p = sub.add_parser("undo", parents=[common, as_json], help="отменить последнее изменение")
    p.add_argument("--by", default=None)

    # Subcommands of the other faces live beside their code; each sets `handler`.
    from roadmap_tui.cli import demo, export

    parents = Parents(common, as_json, as_of, body)
    demo.register(sub, parents)
    export.register(sub, parents)
    lifecycle.register(sub, parents)
    return parser
