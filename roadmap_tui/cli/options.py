"""Options every subcommand shares, and the Russian-speaking argparse parser (a leaf module).

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
MAX_INT = 2**63 - 1


def number(text: str) -> int:
    """An id, a version or a count: a whole number that fits a database integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не целое число") from None
    if not 0 <= value <= MAX_INT:
        raise argparse.ArgumentTypeError(f"«{text}» вне допустимого диапазона (0…{MAX_INT})")
    return value


@dataclass(frozen=True)
class Parents:
    """Shared option groups, declared once, for subcommands defined in any module."""

    common: Parser
    as_json: Parser
    as_of: Parser
    body: Parser
    limit: Parser


def shared_options() -> Parents:
    """The option groups (--db, --json, --as-of, --body, --limit), each declared once."""
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
    return Parents(common, as_json, as_of, body, limit)
