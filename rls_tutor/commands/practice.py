"""`rls-tutor practice`: open the tutor straight into a practice block.

`--topics ID,ID`, `--count N`, `--pool unused|incorrect|flagged|all`, `--timed`,
`--seconds-per-question S` say what block to build; the common options (`--db`,
`--learner`, `--content`) and `--audience` work as for `study`. A learner with an
unfinished block gets that block back, where it stopped, with the time it had left.
"""

from __future__ import annotations

import argparse
from typing import Any

from rls_tutor.session.blockspec import (
    DEFAULT_COUNT,
    DEFAULT_SECONDS,
    MAX_COUNT,
    MAX_SECONDS,
    POOLS,
    BlockSpec,
    SpecError,
)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"a block holds 1 to {MAX_COUNT} questions")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= MAX_SECONDS:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"from 1 to {MAX_SECONDS} seconds")
    return value


def _topics(text: str) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    if not ids:
        raise argparse.ArgumentTypeError("name at least one topic id, e.g. iron,dopamine")
    return ids


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from rls_tutor.commands.study import AUDIENCE_CHOICES

    parser = sub.add_parser(
        "practice",
        parents=[common],
        help="a practice block: questions by topic, tutor or timed mode, a score report",
        description="Open the tutor straight into a practice block (an unfinished block "
        "is resumed instead). Keys: 1-9 pick, Enter submit, f flag, ←/→ move, e end.",
    )
    parser.add_argument(
        "--topics", type=_topics, metavar="ID,ID", help="topic ids (default: every topic)"
    )
    parser.add_argument(
        "--count",
        type=_count,
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"how many questions (1 to {MAX_COUNT}; default {DEFAULT_COUNT})",
    )
    parser.add_argument(
        "--pool",
        choices=POOLS,
        default="all",
        help="unused: never answered; incorrect: last answer wrong; flagged; all (default)",
    )
    parser.add_argument(
        "--timed",
        action="store_true",
        help="a countdown for the block and no feedback until the end (default: tutor mode)",
    )
    parser.add_argument(
        "--seconds-per-question",
        type=_seconds,
        default=DEFAULT_SECONDS,
        metavar="S",
        help=f"the timed block's time per question (default {DEFAULT_SECONDS})",
    )
    parser.add_argument(
        "--audience",
        choices=AUDIENCE_CHOICES,
        help="the track: patient or clinician; remembered",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.commands import study
    from rls_tutor.escape import echo, printable

    try:
        spec = BlockSpec(
            topics=args.topics or (),
            count=args.count,
            pool=args.pool,
            mode="timed" if args.timed else "tutor",
            seconds_per_question=args.seconds_per_question,
        )
    except SpecError as exc:
        echo(printable(f"rls-tutor: error: {exc}"), err=True)
        return 2
    return study.run(args, practice=spec)
