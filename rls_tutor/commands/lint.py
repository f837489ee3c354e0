"""`rls-tutor lint [ROOT] [--topic ID] [--json]`: item-writing flaws and test-wise scores."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any, cast

from rls_tutor.cli import option
from rls_tutor.escape import echo, printable

EXIT_CLEAN, EXIT_WARNINGS, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "lint",
        parents=[common],
        help="find item-writing flaws and surface cues in the question banks",
        description="Check every question against item-writing rules (absolute words, "
        "hedges, stems that name a document or give the key away, uneven options, near "
        "duplicates...) and score content-free guessing strategies on each bank against "
        "chance. Exit status: 0 clean, 1 warnings, 2 wrong usage.",
    )
    parser.add_argument(
        "root", nargs="?", type=Path, help="folder holding lessons/ and quizzes/ (default: bundled)"
    )
    parser.add_argument(
        "--topic",
        action="append",
        metavar="ID",
        help="lint only this topic's bank (repeat or comma-separate for several)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def _table(title: str, banks: list[Any], kind: str) -> list[str]:
    """One row per bank, one column per strategy (short heads, explained below)."""
    from rls_tutor.lint.testwise import SHORT_NAMES

    names = list(dict.fromkeys(n for b in banks for n in getattr(b, kind)))
    if not names:
        return []
    chance = "chance" if kind == "single" else "keyed"
    rows = [["bank", "items", chance, *(SHORT_NAMES.get(n, n) for n in names if n != "chance")]]
    for bank in banks:
        figures = getattr(bank, kind)
        first = next(iter(figures.values()), None)
        row = [printable(bank.topic or "whole course"), str(first.items if first else 0)]
        row.append(f"{first.chance:.0%}" if first else "-")
        row += [f"{figures[n].score:.0%}" if n in figures else "-" for n in names if n != "chance"]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["", title]
    for r in rows:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    legend = "; ".join(
        f"{SHORT_NAMES.get(n, n)} = {n.removeprefix('select-all: ')}"
        for n in names
        if n != "chance"
    )
    lines += textwrap.wrap(f"({legend})", width=96, initial_indent="  ", subsequent_indent="   ")
    return lines


def _tables(report: Any) -> list[str]:
    banks = [*report.banks, *([report.course] if report.course and len(report.banks) > 1 else [])]
    return _table(
        "Test-wise scores on single-answer items (a learner who knows nothing, by strategy):",
        banks,
        "single",
    ) + _table(
        "Select-all items: share of keyed options among those each strategy ticks:",
        banks,
        "multiple",
    )


def run(args: argparse.Namespace) -> int:
    from rls_tutor.lint.runner import lint_course
    from rls_tutor.locations import default_course_root

    root = Path(args.root or cast(Path | None, option(args, "content")) or default_course_root())
    if not root.is_dir():
        echo(f"rls-tutor lint: error: {printable(root)} is not a folder", err=True)
        return EXIT_USAGE
    topics = {t.strip() for arg in args.topic or [] for t in arg.split(",") if t.strip()} or None
    report = lint_course(root, topics)
    if topics and not report.banks:
        echo(f"rls-tutor lint: error: no question bank for {', '.join(sorted(topics))}", err=True)
        return EXIT_USAGE
    if args.json:
        out = {
            "ok": report.ok,
            "warnings": [w.as_json() for w in report.warnings],
            "banks": [b.as_json() for b in report.banks],
            "course": report.course.as_json() if report.course else None,
            "check_errors": report.errors,
        }
        echo(json.dumps(out, indent=2, ensure_ascii=True))
    else:
        for w in report.warnings:
            echo(printable(f"{w.path}:{w.line}:{w.column}: warning: {w.message} [{w.rule}]"))
        for line in _tables(report):
            echo(line)
        n = len(report.warnings)
        items = report.course.questions if report.course else 0
        tail = (
            f"; {report.errors} items with errors skipped (run rls-tutor check)"
            if report.errors
            else ""
        )
        echo(
            f"\n{'clean' if not n else 'warnings'}: {n} warning{'s' * (n != 1)} "
            f"on {items} questions{tail}"
        )
    return EXIT_CLEAN if report.ok else EXIT_WARNINGS
