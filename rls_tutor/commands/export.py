"""`rls-tutor export FORMAT OUT`: the course in a format another program imports.

    rls-tutor export anki OUT.apkg [--audience patient|clinician|both]
    rls-tutor export gift OUT.gift [--audience patient|clinician|both]

Exit status: 0 written, 1 the course has errors or the file cannot be written,
2 wrong usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, cast

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable

FORMATS = {"anki": ".apkg", "gift": ".gift"}


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="export the questions for Anki (.apkg) or Moodle (GIFT)",
        description="Write the course's questions in a format another program imports: "
        "'anki' (an .apkg deck: one note per question with every option's rationale; "
        "re-importing a newer export updates the notes) or 'gift' (Moodle's question "
        "bank format, one category per topic). Exit status: 0 written, 1 error, 2 wrong usage.",
    )
    parser.add_argument("format", choices=sorted(FORMATS), help="anki or gift")
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument(
        "--audience",
        choices=("patient", "clinician", "both"),
        default="both",
        help="which track's questions (default: both)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.atomic import write_atomically
    from rls_tutor.content.loader import load_course
    from rls_tutor.locations import default_course_root

    root = Path(cast(Path | None, option(args, "content")) or default_course_root())
    course = load_course(root)
    if course.errors:
        echo(
            printable(
                f"rls-tutor export: error: the course in {root} has {len(course.errors)} "
                "errors; run `rls-tutor check` and fix them first"
            ),
            err=True,
        )
        return 1
    out: Path = args.out
    if args.format == "anki":
        from rls_tutor.export.anki import apkg_bytes

        data, count = apkg_bytes(course, args.audience)
    else:
        from rls_tutor.export.gift import gift_text

        text, count = gift_text(course, args.audience)
        data = text.encode("utf-8")
    write_atomically(out, data)
    echo(printable(f"{count} questions written to {out} ({args.format})"))
    return 0
