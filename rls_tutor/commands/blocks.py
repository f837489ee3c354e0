"""`rls-tutor blocks [--json]`: a learner's finished practice blocks, the latest first.

Exit status: 0 shown (an empty list too), 1 the database could not be used.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rls_tutor.cli import option
from rls_tutor.escape import echo

if TYPE_CHECKING:
    from rls_tutor.progress.blocks import BlockSummary


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "blocks",
        parents=[common],
        help="list a learner's finished practice blocks",
        description="List the finished practice blocks of a learner (--learner, else the "
        "last learner), the latest first. Exit status: 0 shown, 1 error.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print [{"id", "started_at", "finished_at", "mode", "topics", "count", '
        '"answered", "correct", "flagged", "seconds"}]',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    try:
        with access.open_store(option(args, "db")) as store:
            learner = access.choose_learner(store, option(args, "learner"))
            history = store.block_history(learner)
    except StoreError as exc:
        return access.fail(str(exc))
    if args.json:
        echo(json.dumps([b.as_json() for b in history], indent=2, ensure_ascii=True))
        return 0
    echo(blocks_table(learner, history))
    return 0


def blocks_table(learner: str, history: Sequence[BlockSummary]) -> str:
    from rls_tutor.escape import printable
    from rls_tutor.progress.report import clip, percent, table
    from rls_tutor.session.practice import clock_text

    if not history:
        return f"No finished practice blocks for {printable(learner)} yet (rls-tutor practice)."
    rows = [
        [
            str(b.id),
            (b.finished_at or b.started_at).astimezone().strftime("%Y-%m-%d %H:%M"),
            b.mode,
            clip(",".join(b.topics) or "all", 30),
            f"{b.correct}/{b.count}",
            percent(b.correct, b.count),
            f"{b.answered}/{b.count}",
            str(b.flagged),
            clock_text(b.seconds),
        ]
        for b in history
    ]
    headers = [
        "Block",
        "Finished",
        "Mode",
        "Topics",
        "Right",
        "Score",
        "Answered",
        "Flagged",
        "Time",
    ]
    return f"Practice blocks of {printable(learner)}\n\n" + table(
        headers, rows, right={0, 4, 5, 6, 7, 8}
    )
