"""`rls-tutor export FORMAT OUT`: the course, or learners' records, for another program.

    rls-tutor export anki OUT.apkg [--audience patient|clinician|both]
    rls-tutor export gift OUT.gift [--audience patient|clinician|both]
    rls-tutor export xapi OUT.jsonl [--db PATH] [--emails FILE] [--activity-base URL]
    rls-tutor export csv OUT.csv [--db PATH] [--names]

Exit status: 0 written, 1 the course, the progress file or the output cannot be
used, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, cast

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable

FORMATS = ("anki", "gift", "xapi", "csv")
RECORDS = ("xapi", "csv")  # formats of recorded answers, read from --db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="export questions (Anki, Moodle GIFT) or recorded answers (xAPI, CSV)",
        description="Write the course's questions in a format another program imports, "
        "'anki' (an .apkg deck: one note per question with every option's rationale; "
        "re-importing a newer export updates the notes) or 'gift' (Moodle's question bank "
        "format, one category per topic); or every recorded answer of a progress file, "
        "'xapi' (one xAPI 1.0.3 statement per line, learners as pseudonyms) or 'csv'. "
        "Exit status: 0 written, 1 error, 2 wrong usage.",
    )
    parser.add_argument("format", choices=FORMATS, help="anki, gift, xapi or csv")
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument(
        "--audience",
        choices=("patient", "clinician", "both"),
        default="both",
        help="anki, gift: which track's questions (default: both)",
    )
    add_identity_options(parser, "xapi: ")
    parser.add_argument(
        "--names", action="store_true", help="csv: real learner names instead of pseudonyms"
    )
    parser.set_defaults(func=run)


def add_identity_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """--emails and --activity-base: how exported statements name learners and activities
    (`export xapi` and `sync`)."""
    parser.add_argument(
        "--emails",
        type=Path,
        metavar="FILE",
        help=f"{prefix}a CSV of name,email; those learners are named by e-mail (others stay "
        "pseudonyms)",
    )
    parser.add_argument(
        "--activity-base",
        metavar="URL",
        help=f"{prefix}the IRI under which course, topic and question activities are named",
    )


def _records(args: argparse.Namespace, course: Any) -> tuple[bytes, int]:
    from rls_tutor.export.identity import make_identity
    from rls_tutor.progress import access

    with access.open_store(option(args, "db")) as store:
        identity = make_identity(store.install_id(), args.activity_base, args.emails)
        answers = store.answer_log()
    if args.format == "xapi":
        from rls_tutor.export.xapi import statements

        lines = [json.dumps(s, ensure_ascii=False) for s in statements(answers, course, identity)]
        return ("".join(f"{line}\n" for line in lines)).encode("utf-8"), len(lines)
    from rls_tutor.export.answers_csv import csv_text

    return csv_text(answers, course, identity, names=args.names).encode("utf-8"), len(answers)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.atomic import write_atomically
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    try:
        course = access.load_course(cast(Path | None, option(args, "content")))
    except StoreError as exc:
        return access.fail(str(exc))
    if args.format in RECORDS:
        try:
            data, count = _records(args, course)
        except StoreError as exc:
            return access.fail(str(exc))
        except ValueError as exc:  # a bad --emails file or --activity-base
            return access.fail(str(exc))
        what = "answers"
    elif course.errors:
        return access.fail(
            f"the course has {len(course.errors)} errors; run `rls-tutor check` and fix them "
            "before exporting its questions"
        )
    elif args.format == "anki":
        from rls_tutor.export.anki import apkg_bytes

        data, count = apkg_bytes(course, args.audience)
        what = "questions"
    else:
        from rls_tutor.export.gift import gift_text

        text, count = gift_text(course, args.audience)
        data, what = text.encode("utf-8"), "questions"
    write_atomically(args.out, data)
    echo(printable(f"{count} {what} written to {args.out} ({args.format})"))
    return 0
