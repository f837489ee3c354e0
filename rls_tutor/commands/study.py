"""`rls-tutor [study]`: open the tutor in the terminal (the default command)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable
from rls_tutor.locations import ENV_DB, default_course_root, default_db_path

# The model's AUDIENCES, spelled out so that `rls-tutor --help` and the other
# commands do not import pydantic just to build the parser (a test checks they agree).
AUDIENCE_CHOICES = ("patient", "clinician")


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
    parser.set_defaults(func=run)


def content_problem(root: Path) -> str | None:
    """Why `root` cannot be a course folder, or None."""
    if not root.is_dir():
        return f"{root} is not a folder (--content expects a folder holding lessons/ and quizzes/)"
    if not (root / "lessons").is_dir():
        return f"{root} has no lessons/ folder (--content expects lessons/ and quizzes/)"
    return None


def run(args: argparse.Namespace) -> int:
    db_arg = option(args, "db")
    db = Path(db_arg) if db_arg else default_db_path()  # type: ignore[arg-type]
    content = Path(option(args, "content") or default_course_root())  # type: ignore[arg-type]
    problem = content_problem(content)
    if problem:
        echo(printable(f"rls-tutor: error: {problem}"), err=True)
        return 1

    from rls_tutor.tui.app import make_app  # only this command needs Textual

    app = make_app(
        content_root=content,
        db_path=db,
        learner=option(args, "learner"),  # type: ignore[arg-type]
        audience=getattr(args, "audience", None),
        # Only the default location is ours to create; a --db folder must exist.
        create_parent=not db_arg and not os.environ.get(ENV_DB),
    )
    try:
        app.run()
    finally:
        app.close()
    if app.startup_error:
        echo(printable(f"rls-tutor: error: {app.startup_error}"), err=True)
        return 1
    return app.return_code or 0
