"""The `rls-tutor` command: a thin layer that parses arguments and dispatches.

Each subcommand lives in `rls_tutor/commands/<name>.py` and exposes
`add_parser(subparsers, common)`, which registers itself and sets `func`
(a callable taking the parsed namespace and returning an exit status).
`study` (the TUI) is the default when no subcommand is given: argparse itself
decides whether one was (see `with_default_command`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rls_tutor import __version__

COMMANDS = (
    "study",
    "practice",
    "serve",
    "check",
    "lint",
    "schema",
    "progress",
    "blocks",
    "reset",
    "stats",
    "export",
    "sync",
)
DEFAULT_COMMAND = "study"
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left


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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command `only` (the others' modules are
    then not imported: building all of them costs the tutor's start-up about 20 ms)."""
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="rls-tutor",
        description="A terminal tutor on the pathophysiology of Restless Legs Syndrome.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"rls-tutor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"rls_tutor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"rls_tutor.commands.{name}":
                raise
            continue  # a command not built yet
        module.add_parser(sub, common)
    return parser


def with_default_command(args: Sequence[str]) -> list[str]:
    """`args` with the default command in front when they name no command.

    argparse decides, not a search of the words for a command's name: the options
    every command takes are parsed first, so in `--learner check` the word "check" is
    the learner's name. The first word left over is then the command; when none is
    left, or an option of the default command comes first, the command is `study`.
    """
    pre = argparse.ArgumentParser(
        prog="rls-tutor", add_help=False, parents=[common_options()], exit_on_error=False
    )
    try:
        _, rest = pre.parse_known_args(list(args))
    except argparse.ArgumentError:  # e.g. `--learner` without a name: the full parser says so
        return list(args)
    if rest and (rest[0] in ("-h", "--help", "--version") or not rest[0].startswith("-")):
        return list(args)  # a command (or a word argparse will call an invalid choice), or help
    return [DEFAULT_COMMAND, *args]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status. Output into a closed pipe (`rls-tutor check |
    head -1`) ends the command quietly with 141, as SIGPIPE would end a C program."""
    try:
        try:
            return _run(sys.argv[1:] if argv is None else argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # inside the try: a late EPIPE is caught here too
    except BrokenPipeError:
        # The reader is gone: point stdout at /dev/null so that the flush at exit
        # does not fail again (the recipe of the Python docs, "Note on SIGPIPE").
        with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        return EXIT_BROKEN_PIPE


def _run(argv: Sequence[str]) -> int:
    words = with_default_command(argv)
    # Words that start with the command's name are parsed by that command's parser alone:
    # the same result, and the tutor (the default command) starts sooner.
    parser = build_parser(words[0] if words[:1] == [DEFAULT_COMMAND] else None)
    args = parser.parse_args(words)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # main() ends quietly
    except OSError as exc:  # e.g. `schema --out` into a read-only folder: say so, no traceback
        from rls_tutor.escape import echo, printable

        where = f" {exc.filename}:" if exc.filename else ""
        echo(printable(f"rls-tutor: error:{where} {exc.strerror or exc}"), err=True)
        return 1


def option(args: argparse.Namespace, name: str, default: object = None) -> object:
    """A common option's value, or `default` when it was not given anywhere."""
    return getattr(args, name, default)
