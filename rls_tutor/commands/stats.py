"""`rls-tutor stats`: item analysis across a class, for instructors.

    rls-tutor stats [--from DB ...] [--lrs URL] [--json | --csv | --html OUT.html]

Gathers every answer of the progress files (each --from, and --db; with neither and
no --lrs, the default file) and of the LRS, and prints what analysis/report_*.py
build from them: per question attempts, facility, discrimination, every option's
picks by upper and lower scoring groups and flags; per topic and track, KR-20.
Learners of different files are different people, even with the same name.
--learner keeps one learner's answers. Exit status: 0 shown, 1 error.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable

if TYPE_CHECKING:  # the analysis is imported when the command runs, not at start-up
    from rls_tutor.analysis.items import Response
    from rls_tutor.analysis.report import ClassReport, LeftOut
    from rls_tutor.content.course import Course

ENV_LRS_USER = "RLS_TUTOR_LRS_USER"  # read by export/lrs.py
ENV_LRS_PASSWORD = "RLS_TUTOR_LRS_PASSWORD"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "stats",
        parents=[common],
        help="item analysis of the questions across a class, for instructors",
        description="Item analysis across every learner of the given progress files or LRS: "
        "per question attempts, facility, discrimination, every option's picks (by upper and "
        "lower scoring group) and flags; per topic and track, KR-20 reliability. Only "
        "learners' first attempts, at the question as the course words it now, are "
        "measured. Exit status: 0 shown, 1 error.",
    )
    parser.add_argument(
        "--from",
        dest="sources",
        action="append",
        type=Path,
        default=[],
        metavar="DB",
        help="a progress file to read (repeatable; --db is read too; with neither and no "
        "--lrs: the default file). Learners of different files are different people.",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help=f"read the answers from this xAPI LRS (credentials: env {ENV_LRS_USER} and "
        f"{ENV_LRS_PASSWORD})",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print one JSON object")
    form.add_argument("--csv", action="store_true", help="print CSV, one row per question")
    form.add_argument(
        "--html",
        type=Path,
        metavar="OUT.html",
        help="write a self-contained HTML report (a chart and sortable tables) to this file",
    )
    parser.set_defaults(func=run)


def progress_files(args: argparse.Namespace) -> list[Path | None]:
    """Every --from, then --db; None stands for the default file. A file named twice
    is read once (its learners would otherwise count as two people each)."""
    named: list[Path | None] = [*args.sources]
    db = option(args, "db")
    if db:
        named.append(Path(str(db)))
    if not named:
        return [] if args.lrs else [None]
    unique: list[Path | None] = []
    seen: set[Path] = set()
    for path in named:
        key = Path(str(path)).expanduser().absolute()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def from_files(
    args: argparse.Namespace, course: Course, learner: str | None, left_out: LeftOut
) -> tuple[list[Response], list[str]]:
    """The responses of every progress file, and each file in words; StoreError when
    one cannot be read."""
    from rls_tutor.analysis.report import responses_from_log
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    for named in args.sources:  # reading must not make an empty file where a typo points
        if not os.path.lexists(named):
            raise StoreError(f"{named} does not exist (--from names a progress file).")
    responses: list[Response] = []
    sources: list[str] = []
    for index, path in enumerate(progress_files(args)):
        with access.open_store(path) as store:
            log = store.answer_log()
            where = store.path
        found = responses_from_log(log, course, f"{index}:", left_out, learner)
        learners = len({r.learner for r in found})
        sources.append(f"progress file {where} ({learners} learners, {len(found)} answers)")
        responses += found
    return responses, sources


def from_lrs(
    url: str, course: Course, learner: str | None, left_out: LeftOut
) -> tuple[list[Response], str]:
    """The LRS's responses, learners marked as the LRS's, and the LRS in words;
    LrsError when it cannot be read."""
    from collections import Counter
    from dataclasses import replace

    from rls_tutor.export import lrs

    skipped: Counter[str] = Counter()
    found = lrs.read_responses(url, lrs.auth_from_env(), course, skipped=skipped)
    left_out.earlier_versions += skipped["earlier version"]
    left_out.not_in_course += skipped["not in course"]
    left_out.unreadable += skipped["unreadable"]
    if learner is not None:
        found = [r for r in found if r.learner == learner]
    found = [replace(r, learner=f"lrs:{r.learner}") for r in found]
    learners = len({r.learner for r in found})
    return found, f"LRS {url} ({learners} learners, {len(found)} answers)"


def lrs_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("rls_tutor.export.lrs") is not None


def run(args: argparse.Namespace) -> int:
    from rls_tutor.analysis.report import LeftOut, class_report
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    learner_option = option(args, "learner")
    learner = str(learner_option).strip() if learner_option else None
    if args.lrs and not lrs_available():
        return access.fail("reading an LRS is not available in this version of rls-tutor")
    try:
        course = access.load_course(option(args, "content"))
    except StoreError as exc:
        return access.fail(f"{exc} stats needs the course to know each question's options.")
    left_out = LeftOut()
    try:
        responses, sources = from_files(args, course, learner, left_out)
    except StoreError as exc:
        return access.fail(str(exc))
    if args.lrs:
        from rls_tutor.export.lrs import LrsError

        try:
            found, where = from_lrs(args.lrs, course, learner, left_out)
        except LrsError as exc:  # unreachable, refused, or not an xAPI LRS
            return access.fail(str(exc))
        responses += found
        sources.append(where)
    report = class_report(
        responses,
        course,
        sources=sources,
        generated_at=datetime.now(UTC),
        left_out=left_out,
        learner=learner,
    )
    return show(args, report)


def show(args: argparse.Namespace, report: ClassReport) -> int:
    if args.json:
        from rls_tutor.analysis.report_data import json_report

        echo(json.dumps(json_report(report), indent=2, ensure_ascii=True))
    elif args.csv:
        from rls_tutor.analysis.report_data import csv_report

        echo(csv_report(report), end="")
    elif args.html:
        from rls_tutor.analysis.report_html import html_report
        from rls_tutor.atomic import write_atomically

        write_atomically(args.html, html_report(report).encode("utf-8"))
        flagged = sum(1 for item in report.items if item.flags)
        echo(
            printable(
                f"Item analysis of {len(report.items)} questions ({flagged} flagged, "
                f"{report.learners} learners) written to {args.html}"
            )
        )
    else:
        from rls_tutor.analysis.report_text import text_report

        echo(text_report(report))
    return 0
