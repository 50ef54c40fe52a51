"""The command line has one dispatch: every subcommand names the handler that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from roadmap_tui.cli import commands
from roadmap_tui.cli.parser import build_parser


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                 ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from _subcommands(child, (*path, name))


def _has_children(parser: argparse.ArgumentParser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


def test_every_subcommand_has_its_own_handler() -> None:
    parser = build_parser()
    missing = [" ".join(path) for path, child in _subcommands(parser)
               if not callable(child.get_default("handler")) and not _has_children(child)]
    assert missing == []
    # A subcommand inside a group runs its own handler, not the group's.
    assert parser.parse_args(["bodies"]).handler is commands.cmd_bodies
    assert parser.parse_args(["bodies", "import", "x.csv"]).handler is commands.cmd_bodies_import
    assert parser.parse_args(["bodies", "unmapped"]).handler.__name__ == "cmd_bodies_unmapped"
    assert parser.parse_args([]).handler is commands.cmd_ui


def test_no_dispatch_table_beside_the_parser() -> None:
    """The handler named by the parser is the only way a command is chosen."""
    assert not hasattr(commands, "COMMANDS")
    assert not hasattr(commands, "run")
