"""A review, and what every face says about it before and while it runs.

A review asks the questions that are due, most overdue first, then fills up with
questions never answered from the topics the learner has started. Labels say both
counts ("Review: 2 due · 6 new"), so a review of new questions is never announced as
"0 due"; each new question is marked as new when it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light at run time: home's first frame imports this module
    from rls_tutor.progress.review import ReviewPlan
    from rls_tutor.session.learning import Session

REVIEW_LIMIT = 20  # questions in one review


@dataclass(frozen=True)
class ReviewCounts:
    due: int  # due now, in all
    new: int  # never answered, in the next review

    @property
    def empty(self) -> bool:
        return not (self.due or self.new)

    def label(self) -> str:
        """The name of the review, with what it holds: "Review: 2 due · 6 new"."""
        parts = [f"{n} {what}" for n, what in ((self.due, "due"), (self.new, "new")) if n]
        return "Review: " + (" · ".join(parts) if parts else "nothing due")


def counts(plan: ReviewPlan) -> ReviewCounts:
    return ReviewCounts(plan.due, len(plan.new))


def plan(session: Session) -> ReviewPlan:
    """The next review for this learner and track (blocking: a worker thread in the TUI)."""
    return session.store.review_plan(
        session.learner,
        session.course,
        session.audience,
        limit=REVIEW_LIMIT,
        now=session.now(),
    )


def heading(index: int, total: int, new: int) -> str:
    """The bar over question `index` (0-based) of `total`, `new` of them new: where we
    are, and what the review holds."""
    held = [f"{n} {what}" for n, what in ((total - new, "due"), (new, "new")) if n]
    return f"Review  ·  {index + 1} / {total}  ({', '.join(held)})"


def tag(is_new: bool) -> str:
    """What a question is in this review: due again, or new (never asked before)."""
    return "new: not asked before" if is_new else "due for review"


NOTHING_TO_REVIEW = (
    "Nothing is due for review right now, and every question of the topics you have "
    "started has been asked.",
    "Questions join the review once you start their topic's lesson; FSRS brings each "
    "one back just before you are likely to forget it.",
)
