"""`rls-tutor check [ROOT] [--json]`: validate a course the way the tutor loads it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, cast

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "check",
        parents=[common],
        help="validate lessons and question banks",
        description="Validate a course folder (lessons/ and quizzes/). Exit status: 0 valid, "
        "1 errors found, 2 wrong usage.",
    )
    parser.add_argument(
        "root", nargs="?", type=Path, help="folder holding lessons/ and quizzes/ (default: bundled)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.content.loader import load_course
    from rls_tutor.locations import default_course_root

    root = Path(args.root or cast(Path | None, option(args, "content")) or default_course_root())
    if not Path(root).is_dir():
        echo(f"rls-tutor check: error: {printable(root)} is not a folder", err=True)
        return EXIT_USAGE
    course = load_course(Path(root))
    if args.json:
        report = {
            "ok": course.ok,
            "errors": [p.as_json() for p in course.errors],
            "warnings": [p.as_json() for p in course.warnings],
            **course.summary(),
        }
        echo(json.dumps(report, indent=2, ensure_ascii=True))
    else:
        for problem in course.problems:
            echo(problem)
        n_err, n_warn = len(course.errors), len(course.warnings)
        summary = course.summary()
        echo(
            f"{'ok' if course.ok else 'failed'}: {n_err} error{'s' * (n_err != 1)}, "
            f"{n_warn} warning{'s' * (n_warn != 1)}; {summary['lessons']} lessons, "
            f"{summary['questions']} questions, {len(course.topics)} topics, "
            f"{len(course.glossary)} glossary terms in {printable(root)}"
        )
    return EXIT_OK if course.ok else EXIT_INVALID
