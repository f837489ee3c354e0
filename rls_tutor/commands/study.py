"""`rls-tutor [study]`: open the tutor in the terminal (the default command).

Without a terminal (input from a file or a pipe, output into one) the tutor would
wait for keys nobody can press: it says so, names `--plain` (the line-by-line mode,
rls_tutor/plain, which needs no terminal), and exits 1 instead. SIGTERM, SIGHUP and
SIGINT quit it the way `q` does, so Textual's own shutdown restores the terminal
(main screen, mouse reporting off, cursor back) and pending saves finish first.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable
from rls_tutor.locations import ENV_DB, default_course_root, default_db_path

if TYPE_CHECKING:
    from rls_tutor.tui.app import TutorApp

# The model's AUDIENCES, spelled out so that `rls-tutor --help` and the other
# commands do not import pydantic just to build the parser (a test checks they agree).
AUDIENCE_CHOICES = ("patient", "clinician")

# Signals that quit the tutor cleanly; the second of each ends it at once.
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "study",
        parents=[common],
        help="study the course in the terminal (the default command)",
        description="Open the tutor: lessons, checks, review of what is due, and progress.",
    )
    parser.add_argument(
        "--audience",
        choices=AUDIENCE_CHOICES,
        help="the track: patient (plain language) or clinician (full depth); remembered",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line, for screen readers, braille displays and pipes: no full-screen "
        "drawing, no colour; numbered options, answers typed as numbers, then Enter",
    )
    parser.set_defaults(func=run)


def content_problem(root: Path) -> str | None:
    """Why `root` cannot be a course folder, or None."""
    if not root.is_dir():
        return f"{root} is not a folder (--content expects a folder holding lessons/ and quizzes/)"
    if not (root / "lessons").is_dir():
        return f"{root} has no lessons/ folder (--content expects lessons/ and quizzes/)"
    return None


def terminal_problem() -> str | None:
    """Why the tutor cannot run here (no terminal to read keys from or draw on), or None.

    Textual reads keys from stdin and draws on stderr; stdout must be a terminal too,
    so that `rls-tutor > file` or `| less` is refused rather than left waiting.
    A driver chosen through TEXTUAL_DRIVER (textual-serve's web driver) needs none.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    streams = {"stdin": sys.stdin, "stdout": sys.stdout, "stderr": sys.stderr}
    missing = []
    for name, stream in streams.items():
        try:
            is_tty = stream is not None and stream.isatty()
        except (OSError, ValueError):  # a closed or detached stream
            is_tty = False
        if not is_tty:
            missing.append(name)
    if not missing:
        return None
    names = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
    verb = "is not a terminal" if len(missing) == 1 else "are not terminals"
    return (
        f"the tutor needs a terminal ({names} {verb}): run it in a terminal window, or "
        "use `rls-tutor study --plain` (line by line, for screen readers and pipes); "
        "`rls-tutor progress` and `rls-tutor check` print plain text"
    )


def run_app(app: TutorApp) -> int | None:
    """Run the app in a loop of its own where the quit signals work like `q`; the exit
    status 128 + the signal's number when one ended it, else None."""
    received: list[int] = []
    with asyncio.Runner() as runner:
        loop = runner.get_loop()

        def on_signal(signum: int) -> None:
            received.append(signum)
            loop.remove_signal_handler(signum)  # a second one ends the process at once
            app.call_later(app.action_quit)

        for signum in QUIT_SIGNALS:
            try:
                loop.add_signal_handler(signum, on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows; not main thread
                break
        app.run(loop=loop)
    return 128 + received[0] if received else None


def run(args: argparse.Namespace, **app_options: Any) -> int:
    """Open the tutor; `app_options` (e.g. `practice=`) go to the app factory."""
    db_arg = option(args, "db")
    db = Path(db_arg) if db_arg else default_db_path()  # type: ignore[arg-type]
    content = Path(option(args, "content") or default_course_root())  # type: ignore[arg-type]
    problem = content_problem(content)
    if problem:
        echo(printable(f"rls-tutor: error: {problem}"), err=True)
        return 1
    if getattr(args, "plain", False):
        from rls_tutor.plain.app import run_plain  # no Textual: lines in, lines out

        return run_plain(
            content,
            db,
            learner=option(args, "learner"),  # type: ignore[arg-type]
            audience=getattr(args, "audience", None),
            create_parent=not db_arg and not os.environ.get(ENV_DB),
        )
    no_terminal = terminal_problem()
    if no_terminal:
        echo(f"rls-tutor: error: {no_terminal}", err=True)
        return 1

    # Until the first screen is drawn, start-up allocates much and frees little: the
    # cyclic collector would only walk the same new objects again and again. The app
    # turns it back on once that screen is on the terminal (TutorApp.start_loading).
    gc.disable()
    from rls_tutor.tui.app import make_app  # only this command needs Textual

    app = make_app(
        content_root=content,
        db_path=db,
        learner=option(args, "learner"),
        audience=getattr(args, "audience", None),
        # Only the default location is ours to create; a --db folder must exist.
        create_parent=not db_arg and not os.environ.get(ENV_DB),
        **app_options,
    )
    try:
        by_signal = run_app(app)
    finally:
        app.close()
    if app.startup_error:
        echo(printable(f"rls-tutor: error: {app.startup_error}"), err=True)
        return 1
    return by_signal or app.return_code or 0
