"""`roadmap demo`: a deterministic synthetic dataset (city or region scale)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmap_tui.cli.options import Parents


def register(sub: Any, parents: Parents) -> None:
    p = sub.add_parser("demo", parents=[parents.common, parents.as_json, parents.as_of],
                       help="создать демонстрационные данные (город или регион)")
    p.add_argument("--scale", choices=["city", "region", "bench100k"], default="city",
                   help="city — Томск из поставляемых документов; region — ~1 млн назначений; "
                        "bench100k — регион на 100 тыс. назначений")
    p.add_argument("--seed", type=int, default=1, help="одно и то же зерно — одна и та же база")
    p.add_argument("--size", type=int, default=None, metavar="N",
                   help="сколько назначений создать для region/bench100k")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import settings_from
    from roadmap_tui.demo import generate

    settings = settings_from(args)
    report = generate(settings.db_url, scale=args.scale, seed=args.seed, today=settings.today,
                      size=args.size)
    print(report)
    return 0
