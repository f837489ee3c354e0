"""The `rls-tutor` command: a thin layer that parses arguments and dispatches.

Each subcommand lives in `rls_tutor/commands/<name>.py` and exposes
`add_parser(subparsers, common)`, which registers itself and sets `func`
(a callable taking the parsed namespace and returning an exit status).
`study` (the TUI) is the default when no subcommand is given.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from rls_tutor import __version__

COMMANDS = ("study", "check", "lint", "schema", "progress", "reset", "stats")
DEFAULT_COMMAND = "study"


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts, before or after its name.

    SUPPRESS keeps a subcommand's unset option from overwriting the same option
    given before the subcommand; `option()` reads them back with a default.
    """
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="progress database (default: the user data folder; env RLS_TUTOR_DB)",
    )
    common.add_argument(
        "--learner",
        metavar="NAME",
        help="whose progress to use (default: the last learner)",
    )
    common.add_argument(
        "--content",
        type=Path,
        metavar="ROOT",
        help="a folder holding lessons/ and quizzes/ (default: the bundled course)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="rls-tutor",
        description="A terminal tutor on the pathophysiology of Restless Legs Syndrome.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"rls-tutor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"rls_tutor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"rls_tutor.commands.{name}":
                raise
            continue  # a command not built yet
        module.add_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # No subcommand (only options such as --db) means: study.
    if not set(COMMANDS) & set(args_list) and not {"-h", "--help", "--version"} & set(args_list):
        args_list.insert(0, DEFAULT_COMMAND)
    args = parser.parse_args(args_list)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # e.g. `schema --out` into a read-only folder: say so, no traceback
        from rls_tutor.escape import echo, printable

        where = f" {exc.filename}" if exc.filename else ""
        echo(printable(f"rls-tutor: error:{where}: {exc.strerror or exc}"), err=True)
        return 1


def option(args: argparse.Namespace, name: str, default: object = None) -> object:
    """A common option's value, or `default` when it was not given anywhere."""
    return getattr(args, name, default)
