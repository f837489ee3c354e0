"""FSRS retrievability in closed form, without importing fsrs.

fsrs 6 predicts the probability of recalling a card `t` whole days after its last
review, with stability `S`, as

    R(t) = (1 + FACTOR * t / S) ** DECAY,  DECAY = -w[20],  FACTOR = 0.9 ** (1 / DECAY) - 1

(`Scheduler.get_card_retrievability`; `t` counts whole days, as `timedelta.days` does,
and never goes below 0). This is the same arithmetic in the same order, so the values
are equal to fsrs's own (tests/unit/progress/test_progress_recall.py checks it on many
cards, and that `make_scheduler()` uses `FSRS_DECAY`). Mastery uses it everywhere, so
the first frame of home (which reads the progress file before fsrs is imported) and
the store show the same figures.
"""

from __future__ import annotations

from datetime import datetime

# fsrs 6's default w[20] (fsrs.scheduler.FSRS_DEFAULT_DECAY), which `make_scheduler()` keeps.
FSRS_DECAY = 0.1542


def retrievability(
    stability: float | None,
    last_review: datetime | None,
    now: datetime,
    decay: float = FSRS_DECAY,
) -> float:
    """Predicted probability of recall at `now`; 0 for a card never reviewed."""
    if stability is None or last_review is None:
        return 0.0
    exponent = -decay
    factor = 0.9 ** (1 / exponent) - 1
    elapsed_days = max(0, (now - last_review).days)
    return float((1 + factor * elapsed_days / stability) ** exponent)
