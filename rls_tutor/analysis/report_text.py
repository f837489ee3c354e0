"""The item analysis as plain text: a legend, then per topic its KR-20 and, per question,
a small table of its figures, its options' picks by scoring group and its flags.

Every string from outside (course titles, file names, URLs) goes through
`printable` here, so a line break inside one cannot forge a line of the report.
"""

from __future__ import annotations

import textwrap

from rls_tutor.analysis.items import ItemFigures
from rls_tutor.analysis.report import (
    FLAGS_LEGEND,
    LETTERS_LEGEND,
    TERMS,
    ClassReport,
    TopicReport,
    figure,
    picks_text,
    reliability_text,
)
from rls_tutor.escape import printable

WIDTH = 100
LABEL = 16  # the width of a question block's row labels


def wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )


def summary(report: ClassReport) -> list[str]:
    who = (
        f"learner {printable(report.learner)}" if report.learner else f"{report.learners} learners"
    )
    lines = [
        f"Item analysis of {printable(report.course_title)}: {who}, {report.answers} answers, "
        f"{report.generated_at.strftime('%Y-%m-%d %H:%M UTC')}",
        *wrapped("From " + "; ".join(printable(s) for s in report.sources) + "."),
    ]
    if str(report.left_out):
        lines += wrapped(str(report.left_out))
    return lines


def legend() -> list[str]:
    lines = wrapped(LETTERS_LEGEND)
    for _, term, meaning in TERMS:
        lines += wrapped(f"{term}: {meaning}.", "  ")
    return lines + wrapped(FLAGS_LEGEND)


def pick_rows(item: ItemFigures) -> list[str]:
    """Every option's picks, `A*:12 B:0 C:3 D:5`, for all first attempts and for the
    upper and lower groups, each option's cells padded to one width."""
    rows = [("picks", item.picks)]
    if item.upper_size:
        rows += [
            (f"upper 27% ({item.upper_size})", item.upper_picks),
            (f"lower 27% ({item.lower_size})", item.lower_picks),
        ]
    cells = [picks_text(picks, item.keyed).split(" ") for _, picks in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        f"  {label:<{LABEL}}" + " ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
        for (label, _), row in zip(rows, cells, strict=True)
    ]


def question_block(item: ItemFigures) -> list[str]:
    """A small table of its own: the figures, the picks by group, the flags."""
    lines = [
        f"{printable(item.question_id)}: {item.attempts} attempts, {item.first_attempts} first, "
        f"facility {figure(item.facility)}, discrimination {figure(item.discrimination)}",
        *(line.rstrip() for line in pick_rows(item)),
    ]
    for n, flag in enumerate(item.flags):
        lines.append(f"  {'flags' if n == 0 else '':<{LABEL}}{flag}")
    return lines


def topic_block(topic: TopicReport) -> list[str]:
    lines = [f"== {printable(topic.topic_id)}: {printable(topic.title)} =="]
    for figures in topic.reliability:
        track = f", {printable(figures.track)} track" if figures.track else ""
        lines.append(f"KR-20{track}: {reliability_text(figures)}")
    if topic.unanswered:
        lines += wrapped(
            f"Not answered yet ({len(topic.unanswered)}): "
            + ", ".join(printable(q) for q in topic.unanswered)
        )
    for item in topic.items:
        lines += ["", *question_block(item)]
    return lines


def text_report(report: ClassReport) -> str:
    if not report.answers:
        return "\n".join([*summary(report), "", "No answers recorded yet."])
    lines = [*summary(report), "", *legend()]
    for topic in report.topics:
        if topic.items:
            lines += ["", *topic_block(topic)]
    idle = [printable(t.topic_id) for t in report.topics if not t.items]
    flagged = [printable(item.question_id) for item in report.items if item.flags]
    tally = f"{len(flagged)} of {len(report.items)} answered questions flagged"
    lines += ["", *wrapped(tally + (f": {', '.join(flagged)}." if flagged else "."))]
    if idle:
        lines += wrapped(f"Topics nobody has answered yet: {', '.join(idle)}.")
    return "\n".join(lines)
