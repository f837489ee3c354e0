"""Plain-text tables for the progress command (ASCII, aligned, any terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rls_tutor.escape import printable
from rls_tutor.progress.mastery import TopicProgress

MAX_TITLE = 40
BAR_WIDTH = 10


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; the indexes in `right` are right-aligned.
    Cells are escaped here: a title or id with a line break must not break the table."""
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def clip(text: str, width: int = MAX_TITLE) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def progress_table(
    learner: str, audience: str, now: datetime, topics: Sequence[TopicProgress]
) -> str:
    rows = [
        [
            clip(t.title),
            bar(t.mastery),
            f"{round(100 * t.mastery)}%",
            t.level,
            f"{t.seen}/{t.total}",
            percent(t.correct, t.attempts),
            str(t.due),
        ]
        for t in topics
    ]
    headers = ["Topic", "Mastery", "", "Level", "Seen", "Accuracy", "Due"]
    due = sum(t.due for t in topics)
    stamp = now.strftime("%Y-%m-%d %H:%M UTC")
    footer = f"{due} question{'s' * (due != 1)} due for review."
    return (
        f"Progress of {printable(learner)} ({audience} track), {stamp}\n\n"
        f"{table(headers, rows, right={2, 4, 5, 6})}\n\n{footer}"
    )
