"""`roadmap export ics|xlsx`, `roadmap digest`, `roadmap serve`, `roadmap tokens`: the outward faces."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmap_tui.cli.options import Parents
    from roadmap_tui.export.config import ExportConfig


def register(sub: Any, parents: Parents) -> None:
    """Add the exporter's subcommands (each sets `handler`)."""
    from roadmap_tui.cli.options import Parser

    p = sub.add_parser("export", parents=[parents.common], help="выгрузка календарей")
    esub = p.add_subparsers(dest="export_command", metavar="ФОРМАТ", parser_class=Parser, required=True)
    ics = esub.add_parser("ics", parents=[parents.common, parents.as_json, parents.as_of],
                          help="календари iCalendar: по ответственным, документам и общий")
    ics.add_argument("--out", default=None, metavar="ПАПКА", help="куда писать (по умолчанию exports/)")
    ics.add_argument("--base-url", default=None, help="адрес, по которому опубликована папка (ROADMAP_BASE_URL)")
    ics.add_argument("--alarms", default=None, metavar="ДНИ",
                     help="напоминания за N дней, через запятую (ROADMAP_ALARMS, по умолчанию 7,1)")
    ics.set_defaults(handler=cmd_export_ics)
    xl = esub.add_parser("xlsx", parents=[parents.common, parents.as_of],
                         help="таблица Excel: сводка, просроченное, по листу на документ")
    xl.add_argument("--out", required=True, metavar="ФАЙЛ.xlsx", help="куда записать таблицу")
    xl.add_argument("--doc", default=None, metavar="ДОКУМЕНТ", help="только этот документ (номер или файл)")
    xl.set_defaults(handler=cmd_export_xlsx)

    t = sub.add_parser("tokens", parents=[parents.common], help="ключи доступа в личных ссылках")
    tsub = t.add_subparsers(dest="tokens_command", metavar="ДЕЙСТВИЕ", parser_class=Parser, required=True)
    rot = tsub.add_parser("rotate", parents=[parents.common],
                          help="выдать новый ключ (старые ссылки перестанут работать после выгрузки)")
    rot.add_argument("who", metavar="КТО", help="код или краткое имя ответственного, или «руководитель»")
    rot.set_defaults(handler=cmd_tokens_rotate)

    d = sub.add_parser("digest", parents=[parents.common, parents.as_json, parents.as_of, parents.body],
                       help="еженедельные сводки по ответственным")
    d.add_argument("--all", action="store_true", help="все ответственные и сводка руководителю (по умолчанию)")
    d.add_argument("--format", choices=["md", "html", "txt", "eml"], default="md", help="формат файлов")
    d.add_argument("--out", default=None, metavar="ПАПКА", help="куда писать (по умолчанию exports/digests/)")
    d.add_argument("--send", action="store_true", help="разослать по электронной почте (SMTP)")
    d.add_argument("--head-to", default=None, metavar="АДРЕС",
                   help="кому сводку руководителя (ROADMAP_HEAD_MAIL; иначе адреса департамента)")
    for flag, help_ in (("--smtp-host", "ROADMAP_SMTP_HOST"), ("--smtp-port", "ROADMAP_SMTP_PORT"),
                        ("--smtp-user", "ROADMAP_SMTP_USER"), ("--mail-from", "ROADMAP_MAIL_FROM"),
                        ("--smtp-cafile", "ROADMAP_SMTP_CAFILE")):
        d.add_argument(flag, default=None, help=f"вместо {help_}")
    d.add_argument("--starttls", action="store_true", default=None, help="вместо ROADMAP_SMTP_STARTTLS=1")
    d.add_argument("--smtp-ssl", action="store_true", default=None,
                   help="TLS с первого байта, порт 465 (вместо ROADMAP_SMTP_SSL=1)")
    d.set_defaults(handler=cmd_digest)

    s = sub.add_parser("serve", parents=[parents.common], help="раздать папку exports/ по HTTP")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument("--host", default="127.0.0.1", help="адрес (по умолчанию только этот компьютер)")
    s.add_argument("--dir", default=None, metavar="ПАПКА", help="что раздавать (по умолчанию exports/)")
    s.add_argument("--public-index", action="store_true",
                   help="показывать на / всем список организаций (без личных ссылок)")
    s.add_argument("--timeout", type=float, default=15.0, metavar="СЕК",
                   help="через сколько секунд закрывать молчащее соединение (по умолчанию 15)")
    s.set_defaults(handler=cmd_serve)


def _config(args: argparse.Namespace) -> ExportConfig:
    from roadmap_tui.errors import BadInput
    from roadmap_tui.export.config import config_from_env, parse_alarms

    config = config_from_env()
    port = getattr(args, "smtp_port", None)
    if port is not None and not str(port).isdigit():
        raise BadInput(f"--smtp-port «{port}»: ожидается номер порта.")
    if getattr(args, "smtp_ssl", None) and port is None and "ROADMAP_SMTP_PORT" not in os.environ:
        port = "465"  # implicit TLS has its own port
    alarms = getattr(args, "alarms", None)
    return config.with_overrides(
        base_url=(args.base_url.rstrip("/") if getattr(args, "base_url", None) else None),
        alarms=parse_alarms(alarms) if alarms is not None else None,
        host=getattr(args, "smtp_host", None), port=int(port) if port else None,
        user=getattr(args, "smtp_user", None), sender=getattr(args, "mail_from", None),
        starttls=getattr(args, "starttls", None), ssl=getattr(args, "smtp_ssl", None),
        cafile=getattr(args, "smtp_cafile", None),
    )


def cmd_export_ics(args: argparse.Namespace) -> int:
    import time

    from roadmap_tui.cli.context import prepare, settings_from
    from roadmap_tui.cli.render import print_json
    from roadmap_tui.export.feeds import export_ics

    settings = settings_from(args)
    prepare(settings)
    out = Path(args.out) if args.out else settings.export_dir
    started = time.perf_counter()
    report, feeds = export_ics(settings.db_url, out, settings.today, _config(args))
    if getattr(args, "json", False):
        print_json({"out": str(out), "feeds": feeds, "written": report.written,
                    "unchanged": report.unchanged, "skipped": report.skipped, "failed": report.failed,
                    "base_url_configured": _config(args).base_configured})
        return 1 if report.failed else 0
    print(f"Календари в {out}: {report.feeds}; перезаписано: {len(report.written)}, "
          f"без изменений {report.unchanged + report.skipped} ({time.perf_counter() - started:.1f} с).")
    print(f"Список для подписки: {out / 'index.html'}")
    _warn_base_url(_config(args))
    return _report_failures(report.failed)


def _warn_base_url(config: ExportConfig) -> None:
    import sys

    from roadmap_tui.export.catalog import NO_BASE_URL

    if not config.base_configured:
        print(f"Внимание: {NO_BASE_URL}", file=sys.stderr)


def _report_failures(failed: dict[str, str]) -> int:
    """Bodies whose output could not be written: named, the rest was written; exit 1 if any."""
    import sys

    for label, why in failed.items():
        print(f"Не удалось выгрузить для «{label}»: {why}. Остальные выгружены.", file=sys.stderr)
    return 1 if failed else 0


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import prepare, settings_from
    from roadmap_tui.export.xlsx import export_xlsx

    settings = settings_from(args)
    prepare(settings)
    report = export_xlsx(settings.db_url, Path(args.out), settings.today, document=args.doc)
    print(f"Таблица {report.path}: листы {', '.join(report.sheets)}; просроченных поручений {report.overdue_rows}.")
    return 0


def cmd_tokens_rotate(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import prepare, settings_from
    from roadmap_tui.export.tokens import rotate

    settings = settings_from(args)
    prepare(settings)
    label, _token = rotate(settings.db_url, args.who)
    print(f"Новый ключ для «{label}» выдан. Выполните roadmap export ics и roadmap digest, "
          "чтобы ссылки обновились; старые ссылки перестанут работать.")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import prepare, settings_from
    from roadmap_tui.cli.render import print_json
    from roadmap_tui.errors import BadInput
    from roadmap_tui.export.digest.produce import produce_digests

    body = getattr(args, "body", None)
    if body and args.all:
        raise BadInput("Укажите либо --body, либо --all.")
    settings = settings_from(args)
    prepare(settings)
    out = Path(args.out) if args.out else settings.export_dir / "digests"
    report = produce_digests(settings.db_url, settings.today, out_dir=out, config=_config(args), body=body,
                             kind=args.format, send=args.send,
                             head_to=args.head_to or os.environ.get("ROADMAP_HEAD_MAIL"))
    if getattr(args, "json", False):
        print_json({"files": [str(f) for f in report.files], "sent": report.sent,
                    "without_address": report.without_address, "refused": report.refused,
                    "failed": report.failed})
        return 1 if report.failed else 0
    from roadmap_tui.dates import plural_ru

    files = plural_ru(len(report.files), "файл", "файла", "файлов")
    print(f"Сводки: {files} в {out} (новых или изменённых {report.written}).")
    if args.send:
        print(f"Отправлено писем: {len(report.sent)}.")
        if report.without_address:
            print("Нет адреса в реестре: " + ", ".join(report.without_address))
        for address, reply in report.refused.items():
            print(f"Сервер не принял адрес {address}: {reply}")
    _warn_base_url(_config(args))
    return _report_failures(report.failed)


def cmd_serve(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import settings_from
    from roadmap_tui.errors import NotFound
    from roadmap_tui.export.serve import make_server

    root = Path(args.dir) if args.dir else settings_from(args).export_dir
    if not root.is_dir():
        raise NotFound(f"Папка {root} не найдена: сначала выполните roadmap export ics.")
    if args.timeout <= 0:
        from roadmap_tui.errors import BadInput

        raise BadInput("--timeout: ожидается положительное число секунд.")
    server = make_server(root, args.host, args.port, timeout=args.timeout, public_index=args.public_index)
    print(f"Раздаю {root} на http://{args.host}:{server.server_address[1]}/ — только по личным ссылкам "
          f"из {root / 'index.html'} (Ctrl+C — остановить)")
    if args.public_index:
        print("Список организаций на / открыт всем (личных ссылок в нём нет).")
    _warn_base_url(_config(args))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
