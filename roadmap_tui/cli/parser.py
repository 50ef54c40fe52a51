"""The `roadmap` command line: every subcommand, each with the one `handler` that runs it.

Command modules import only `cli.options` and `cli.context`, never this
module, so the command line has no import loop; their heavy imports stay
inside the handlers, which keeps `roadmap overdue` fast.
"""

from __future__ import annotations

from roadmap_tui.cli import commands, demo, export, lifecycle
from roadmap_tui.cli.options import Parser, number, shared_options


def build_parser() -> Parser:
    """Every subcommand with its options; shared ones declared once."""
    parents = shared_options()
    common, as_json, as_of, body, limit = (parents.common, parents.as_json, parents.as_of,
                                           parents.body, parents.limit)

    parser = Parser(prog="roadmap", parents=[common],
                    description="Дорожные карты: сроки, исполнители, статусы. "
                                "Без команды открывает интерфейс координатора.")
    parser.add_argument("--user", default=None, help="кто вносит изменения (по умолчанию ROADMAP_USER)")
    parser.set_defaults(handler=commands.cmd_ui)
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=Parser)

    p = sub.add_parser("import", parents=[common, as_json], help="импортировать документы")
    p.add_argument("paths", nargs="+", metavar="ФАЙЛ")
    p.add_argument("--dry-run", action="store_true",
                   help="показать, что изменит импорт, ничего не записывая")
    p.add_argument("--replaces", type=int, default=None, metavar="ДОКУМЕНТ",
                   help="файл — новая редакция этого документа (номер из roadmap documents)")
    p.add_argument("--by", default=None, help="кто импортирует")
    p.set_defaults(handler=lifecycle.cmd_import)

    p = sub.add_parser("deadline", parents=[common, as_json], help="как понимается срок")
    p.add_argument("phrase", metavar="ФРАЗА")
    p.add_argument("--period", required=True, metavar="НАЧАЛО..КОНЕЦ")
    p.add_argument("--doc-date", metavar="ДАТА")
    p.set_defaults(handler=commands.cmd_deadline)

    p = sub.add_parser("items", parents=[common, as_json, body], help="мероприятия")
    p.add_argument("--doc", metavar="ДОКУМЕНТ", help="имя файла или номер документа")
    p.set_defaults(handler=commands.cmd_items)

    p = sub.add_parser("overdue", parents=[common, as_json, as_of, body, limit],
                       help="просроченные назначения")
    p.set_defaults(handler=commands.cmd_overdue)
    p = sub.add_parser("due", parents=[common, as_json, as_of, body, limit],
                       help="назначения со сроком в ближайшие дни")
    p.add_argument("--within", type=number, required=True, metavar="ДНЕЙ")
    p.set_defaults(handler=commands.cmd_due)

    p = sub.add_parser("bodies", parents=[common, as_json], help="реестр ответственных")
    p.set_defaults(handler=commands.cmd_bodies)
    bsub = p.add_subparsers(dest="bodies_command", metavar="ДЕЙСТВИЕ", parser_class=Parser)
    bi = bsub.add_parser("import", parents=[common, as_json], help="загрузить реестр из CSV")
    bi.add_argument("csv_path", metavar="ФАЙЛ.csv")
    bi.set_defaults(handler=commands.cmd_bodies_import)

    bm = bsub.add_parser("map", parents=[common, as_json],
                         help="сопоставить напечатанного исполнителя с ответственным (запомнить)")
    bm.add_argument("printed", metavar="ТЕКСТ", help="исполнитель, как напечатан в документе")
    bm.add_argument("codes", metavar="КОД[,КОД]", help="коды ответственных из справочника")
    bm.add_argument("--by", default=None, help="кто сопоставляет")
    bm.set_defaults(handler=lifecycle.cmd_bodies_map)
    bu = bsub.add_parser("unmapped", parents=[common, as_json],
                         help="исполнители из документов, не найденные в справочнике")
    bu.set_defaults(handler=lifecycle.cmd_bodies_unmapped)

    p = sub.add_parser("status", parents=[common, as_json],
                       help="изменить статус назначения (или нескольких: 12 15 20-25 — одной правкой)")
    p.add_argument("assignments", nargs="+", metavar="НАЗНАЧЕНИЕ")
    p.add_argument("status", metavar="СТАТУС",
                   help="запланировано | в работе | выполнено | отменено | перенесено")
    p.add_argument("--comment", default=None, help="комментарий (для переноса — причина)")
    p.add_argument("--by", default=None, help="кто вносит изменение")
    p.add_argument("--date", default=None, metavar="ДАТА",
                   help="дата выполнения (выполнено) или новый срок (перенесено)")
    p.add_argument("--report-ref", default=None, help="отчёт получен: его номер или ссылка")
    p.add_argument("--expect-version", type=number, default=None,
                   help="версия, на которой основано изменение (защита от одновременной правки)")
    p.set_defaults(handler=commands.cmd_status)

    p = sub.add_parser("history", parents=[common, as_json], help="история назначения")
    p.add_argument("assignment", type=number, metavar="НАЗНАЧЕНИЕ")
    p.set_defaults(handler=commands.cmd_history)

    p = sub.add_parser("undo", parents=[common, as_json], help="отменить последнее изменение")
    p.add_argument("--by", default=None)
    p.set_defaults(handler=commands.cmd_undo)

    # Subcommands of the other faces live beside their code; each sets `handler`.
    demo.register(sub, parents)
    export.register(sub, parents)
    lifecycle.register(sub, parents)
    return parser
