"""The `roadmap` command: a thin layer over the core.

Each command opens the database, calls one core function and renders the
result; domain errors become a Russian message and exit code 2. Read-only
commands go through `model.connection` and never import the ORM, Textual or
the exporters, so `roadmap overdue` answers in tens of milliseconds.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from roadmap_tui.errors import RoadmapError, describe_failure


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    from roadmap_tui.cli.parser import build_parser
    from roadmap_tui.configfile import apply_config_file

    args = build_parser().parse_args(argv)
    try:
        apply_config_file()
        return int(args.handler(args))
    except RoadmapError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `roadmap overdue | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001  (last line of defence: no traceback for users)
        if os.environ.get("ROADMAP_DEBUG"):
            raise
        print(f"Ошибка: {describe(error)}", file=sys.stderr)
        return 2


def describe(error: Exception) -> str:
    """A Russian sentence for failures below the domain (database, file system)."""
    return describe_failure(error)


if __name__ == "__main__":
    raise SystemExit(main())
