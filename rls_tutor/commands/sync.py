"""`rls-tutor sync --lrs URL`: send the answers an LRS has not accepted yet, as xAPI.

    RLS_TUTOR_LRS_USER=... RLS_TUTOR_LRS_PASSWORD=... \\
        rls-tutor sync --lrs https://lrs.example.org/xAPI [--batch N] [--db PATH]
        [--emails FILE] [--activity-base URL] [--timeout SECONDS]

The statements are those of `export xapi` (one per answer, the same ids), sent in
batches; after each batch the LRS accepted, its answers are remembered as sent to
that LRS (progress file, table `lrs_sent`), so an interrupted sync goes on where it
stopped and a second one sends nothing. Exit status: 0 all sent, 1 an error (what
was accepted before it stays remembered), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from rls_tutor.cli import option
from rls_tutor.commands.export import add_identity_options
from rls_tutor.escape import echo, printable

if TYPE_CHECKING:
    from rls_tutor.content.course import Course
    from rls_tutor.export.identity import Identity
    from rls_tutor.progress.store import ProgressStore

DEFAULT_BATCH = 100
MAX_BATCH = 10_000


def _batch_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_BATCH:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {MAX_BATCH}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("expected a number of seconds above 0, at most 3600")
    return value


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "sync",
        parents=[common],
        help="send recorded answers to a learning record store (xAPI)",
        description="Send every recorded answer the LRS has not accepted yet, as xAPI 1.0.3 "
        "statements (those of `export xapi`), in batches, with HTTP basic auth from "
        "RLS_TUTOR_LRS_USER and RLS_TUTOR_LRS_PASSWORD. What the LRS accepted is "
        "remembered in the progress file, so a second sync sends only new answers. "
        "Timeouts and server errors are retried; plain http:// is refused except to "
        "this machine. Exit status: 0 sent, 1 error, 2 wrong usage.",
    )
    parser.add_argument(
        "--lrs",
        required=True,
        metavar="URL",
        help="the LRS's xAPI endpoint, the address before /statements "
        "(e.g. https://lrs.example.org/xAPI)",
    )
    parser.add_argument(
        "--batch",
        type=_batch_size,
        default=DEFAULT_BATCH,
        metavar="N",
        help=f"statements per request (default {DEFAULT_BATCH})",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long to wait for each answer of the LRS (default 30)",
    )
    add_identity_options(parser)
    parser.set_defaults(func=run)


class ProgressBar:
    """`[#####-----] 150/1000 statements` on one line of a terminal, redrawn with \\r."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream

    def show(self, done: int) -> None:
        filled = self.WIDTH * done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} statements")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from rls_tutor.export.identity import make_identity
    from rls_tutor.export.lrs import DEFAULT_TIMEOUT, LrsError, auth_from_env, lrs_endpoint
    from rls_tutor.progress import access
    from rls_tutor.progress.errors import StoreError

    try:
        endpoint = lrs_endpoint(args.lrs)
        auth = auth_from_env()
    except LrsError as exc:
        return access.fail(str(exc))
    timeout = args.timeout or DEFAULT_TIMEOUT
    try:
        course = access.load_course(cast(Path | None, option(args, "content")))
        with access.open_store(option(args, "db")) as store:
            identity = make_identity(store.install_id(), args.activity_base, args.emails)
            return _send(store, endpoint, auth, course, identity, args.batch, timeout)
    except (StoreError, ValueError) as exc:  # ValueError: a bad --emails or --activity-base
        return access.fail(str(exc))


def _send(
    store: ProgressStore,
    endpoint: str,
    auth: tuple[str, str] | None,
    course: Course,
    identity: Identity,
    batch_size: int,
    timeout: float,
) -> int:
    from rls_tutor.export import lrs
    from rls_tutor.export.xapi import statements
    from rls_tutor.progress import access

    pending = store.unsent_answers(endpoint)
    bar = ProgressBar(len(pending), sys.stderr) if pending and sys.stderr.isatty() else None
    sent = already = differing = done = 0
    try:
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            posted = lrs.post_statements(
                endpoint, statements(batch, course, identity), auth, timeout
            )
            # Only now, with the LRS's answer in hand: a batch it did not take stays unsent.
            store.mark_sent(endpoint, [answer.id for answer in batch])
            sent += len(posted.stored)
            already += len(posted.already)
            differing += len(posted.differing)
            done += len(batch)
            if bar:
                bar.show(done)
    except lrs.LrsError as exc:
        if not done:
            return access.fail(f"{exc}; nothing was marked as sent")
        return access.fail(
            f"{exc}; {done} of {len(pending)} statements were accepted before that "
            "and will not be sent again"
        )
    finally:
        if bar:
            bar.close()
    if differing:
        access.warn(
            f"the LRS holds {differing} of these statements in another form (the course, "
            "--emails or --activity-base changed since they were sent); it keeps its own"
        )
    echo(printable(f"{sent} statements sent, {already} already there"))
    return 0
