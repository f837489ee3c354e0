"""The tutor's own command line is parsed by its parser alone (start-up, GUIDE.md section 4),
with the same outcome as the parser of every command."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from rls_tutor import cli

CASES = [
    [],
    ["--db", "x.sqlite3"],
    ["--learner", "check"],  # a learner named like a command
    ["--content", "c", "--audience", "clinician", "--learner", "Ann"],
    ["study", "--plain"],
    ["--bogus"],
    ["--audience", "nurse"],
    ["--audience"],
    ["--learner"],
    ["study", "-h"],
    ["study", "--db"],
    ["--plain", "extra"],
]


def outcome(parser_only: str | None, words: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = cli.build_parser(parser_only).parse_args(words)
            result: object = sorted((k, str(v)) for k, v in vars(args).items())
        except SystemExit as exc:
            result = exc.code
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", CASES)
def test_the_default_commands_parser_alone_decides_the_same(argv: list[str]) -> None:
    words = cli.with_default_command(argv)
    if words[:1] != [cli.DEFAULT_COMMAND]:
        pytest.skip("not the default command: the full parser decides")
    assert outcome(cli.DEFAULT_COMMAND, words) == outcome(None, words)


def test_starting_the_tutor_imports_no_other_command() -> None:
    code = (
        "import sys\n"
        "from rls_tutor import cli\n"
        "cli.build_parser('study').parse_args(cli.with_default_command(['--db', 'x']))\n"
        "print(sorted(m for m in sys.modules if m.startswith('rls_tutor.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['rls_tutor.commands.study']"
