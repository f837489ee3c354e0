"""Practice blocks, for every face: build one, take it, end it, read its report.

Plain Python (no Textual). A face builds a `BlockSpec`, calls `start_block` or
`resume_block` (blocking: from a thread), then drives the `PracticeBlock` on its
event loop (`move`, `answer`, `toggle_flag`, `time_left`) and saves with the
snapshot each of those returns, from a thread (`save`, `record_answer`, `finish`).

Time: a block's clock runs while the block is open in the tutor (from `start_clock`
until `stop_clock`, the block's screen and whatever is opened over it, such as the
glossary or the keys) and stops when the tutor closes or dies; so a timed block
resumed after a quit or a kill has the time it had left when its state was last
saved. The state is saved at every answer, flag and move, and every
`CHECKPOINT_SECONDS` while the clock runs.

Recording: every answer goes through `ProgressStore.record_answer` (FSRS, mastery)
once per question per block. Tutor mode records it when it is given (the feedback
needs the verdict, and the answer is then final). Timed mode keeps the answer in
the block, where the learner may change it until the end, and records each final
answer in the transaction that ends the block, with the end's time: recording
the first answer would feed FSRS an answer the learner took back; recording each
change would count one question several times.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from rls_tutor.content.course import Course
from rls_tutor.content.model import Audience, Question
from rls_tutor.progress.blocks import BlockQuestion, BlockRecord
from rls_tutor.progress.cards import questions_by_topic
from rls_tutor.progress.records import AnswerResult
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.blockspec import (
    DEFAULT_COUNT,
    DEFAULT_SECONDS,
    MAX_COUNT,
    MODES,
    POOL_NAMES,
    POOLS,
    BlockSpec,
    Mode,
    Pool,
    SpecError,
)
from rls_tutor.session.learning import Session
from rls_tutor.session.shuffle import card_seed, shuffled_order

__all__ = [
    "DEFAULT_COUNT",
    "DEFAULT_SECONDS",
    "MAX_COUNT",
    "MODES",
    "POOLS",
    "POOL_NAMES",
    "BlockSpec",
    "PracticeBlock",
    "Report",
    "SpecError",
    "report",
    "resume_block",
    "start_block",
    "start_for",
]

CHECKPOINT_SECONDS = 10.0  # a kill gives back at most this much of a timed block's time

Monotonic = Callable[[], float]
State = tuple[int, float, tuple[BlockQuestion, ...]]  # position, elapsed, questions


# --- building: which questions ------------------------------------------------------


def pool_ids(
    course: Course,
    audience: Audience,
    topics: Sequence[str],
    pool: Pool,
    answered: Mapping[str, bool],
    flagged: set[str],
) -> list[str]:
    """The questions a block may draw from, in course order. `answered`: question id
    -> whether its last answer was right (`ProgressStore.answered_states`)."""
    by_topic = questions_by_topic(course, audience)
    wanted = [t for t in by_topic if not topics or t in topics]
    ids = [qid for topic in wanted for qid in by_topic[topic]]
    if pool == "unused":
        return [qid for qid in ids if qid not in answered]
    if pool == "incorrect":
        return [qid for qid in ids if answered.get(qid) is False]
    if pool == "flagged":
        return [qid for qid in ids if qid in flagged]
    return ids


def pool_sizes(
    course: Course,
    audience: Audience,
    topics: Sequence[str],
    answered: Mapping[str, bool],
    flagged: set[str],
) -> dict[Pool, int]:
    """How many questions each pool holds for these topics (the builder shows them)."""
    ids = pool_ids(course, audience, topics, "all", answered, flagged)
    return {
        "all": len(ids),
        "unused": sum(1 for q in ids if q not in answered),
        "incorrect": sum(1 for q in ids if answered.get(q) is False),
        "flagged": sum(1 for q in ids if q in flagged),
    }


def draw(ids: Sequence[str], count: int, seed: int) -> list[str]:
    """`count` of `ids` (all, if fewer) in a random order fixed by `seed`."""
    return random.Random(seed).sample(list(ids), min(count, len(ids)))


def new_seed(base: int | None) -> int:
    return base if base is not None else random.SystemRandom().randrange(2**31)


# --- the report ---------------------------------------------------------------------


@dataclass(frozen=True)
class TopicResult:
    topic_id: str
    title: str
    count: int
    answered: int
    correct: int


@dataclass(frozen=True)
class Calibration:
    """How often the learner was right when sure, and when not sure."""

    sure: int
    sure_right: int
    unsure: int
    unsure_right: int

    @staticmethod
    def share(right: int, total: int) -> float | None:
        return right / total if total else None


@dataclass(frozen=True)
class Report:
    block: BlockRecord
    count: int
    answered: int
    correct: int
    seconds: float
    topics: list[TopicResult]
    flagged: list[int]  # positions
    calibration: Calibration | None  # None when "how sure" was never answered

    @property
    def score(self) -> float:
        """Right answers out of every question of the block (unanswered count as wrong)."""
        return self.correct / self.count if self.count else 0.0


def report(block: BlockRecord, course: Course) -> Report:
    per_topic: dict[str, list[BlockQuestion]] = {}
    for item in block.questions:
        per_topic.setdefault(item.topic_id, []).append(item)
    topics = []
    for topic_id, items in per_topic.items():
        topic = course.topic(topic_id)
        topics.append(
            TopicResult(
                topic_id,
                topic.title if topic else topic_id,
                len(items),
                sum(1 for q in items if q.chosen is not None),
                sum(1 for q in items if q.correct),
            )
        )
    sure = [q for q in block.questions if q.chosen is not None and q.certain is True]
    unsure = [q for q in block.questions if q.chosen is not None and q.certain is False]
    calibration = (
        Calibration(
            len(sure),
            sum(1 for q in sure if q.correct),
            len(unsure),
            sum(1 for q in unsure if q.correct),
        )
        if sure or unsure
        else None
    )
    return Report(
        block=block,
        count=len(block.questions),
        answered=sum(1 for q in block.questions if q.chosen is not None),
        correct=sum(1 for q in block.questions if q.correct),
        seconds=block.elapsed,
        topics=topics,
        flagged=[q.position for q in block.questions if q.flagged],
        calibration=calibration,
    )


# --- a block being taken ---------------------------------------------------------------


@dataclass
class PracticeBlock:
    """The block on screen. Methods without "blocking" run on the face's event loop and
    touch no file; the blocking ones take a snapshot those return and write it."""

    store: ProgressStore
    course: Course
    record: BlockRecord
    now: Callable[[], datetime]
    monotonic: Monotonic = time.monotonic
    items: list[BlockQuestion] = field(init=False)
    index: int = field(init=False)
    _elapsed: float = field(init=False)  # up to `_since`
    _since: float | None = field(init=False, default=None)  # clock running since
    _shown: float | None = field(init=False, default=None)  # current question since
    _tickets: int = field(init=False, default=0)
    _saved: int = field(init=False, default=-1)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.items = list(self.record.questions)
        self.index = min(self.record.position, len(self.items) - 1)
        self._elapsed = self.record.elapsed

    # --- what is shown ----------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def mode(self) -> Mode:
        return "timed" if self.record.mode == "timed" else "tutor"

    @property
    def timed(self) -> bool:
        return self.mode == "timed"

    @property
    def current(self) -> BlockQuestion:
        return self.items[self.index]

    def question(self, item: BlockQuestion) -> Question | None:
        """The item's question, or None if the course no longer has it."""
        return self.course.questions.get(item.question_id)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.items if q.chosen is not None)

    @property
    def flagged(self) -> int:
        return sum(1 for q in self.items if q.flagged)

    def locked(self, item: BlockQuestion) -> bool:
        """An answer that can no longer change (tutor mode: once given)."""
        return item.recorded or (not self.timed and item.chosen is not None)

    # --- the clock --------------------------------------------------------------

    def start_clock(self) -> None:
        if self._since is None:
            self._since = self._shown = self.monotonic()

    def stop_clock(self) -> State:
        """Stop counting (the block is closed); the state to save."""
        state = self._checkpoint()
        self._since = self._shown = None
        return state

    def elapsed(self) -> float:
        """Seconds the block has been open (a timed block's stop at its time limit)."""
        spent = self._elapsed
        if self._since is not None:
            spent += max(0.0, self.monotonic() - self._since)
        limit = self.record.time_limit
        return spent if limit is None else min(spent, limit)

    def time_left(self) -> float | None:
        limit = self.record.time_limit
        return None if limit is None else max(0.0, limit - self.elapsed())

    @property
    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    def _checkpoint(self) -> State:
        """Fold the running time into the totals (the current question's seconds too)."""
        now = self.monotonic()
        if self._since is not None:
            self._elapsed = self.elapsed()
            self._since = now
        if self._shown is not None:
            item = self.current
            if not self.locked(item):  # time to answer: reading feedback is not counted
                self.items[self.index] = replace(
                    item, seconds=item.seconds + max(0.0, now - self._shown)
                )
            self._shown = now
        return self.state()

    def state(self) -> State:
        return (self.index, self._elapsed, tuple(self.items))

    def checkpoint(self) -> tuple[int, State]:
        """A numbered snapshot to save now (the countdown calls it now and then)."""
        return self._ticket(), self._checkpoint()

    # --- what the learner does (event loop) ----------------------------------------

    def move(self, index: int) -> tuple[int, State] | None:
        """Show question `index`; None if it is already shown or out of range."""
        if not 0 <= index < len(self.items) or index == self.index:
            return None
        self._checkpoint()
        self.index = index
        return self._ticket(), self.state()

    def answer(
        self, chosen: Sequence[int], certain: bool | None = None
    ) -> tuple[int, State] | None:
        """The learner's answer to the current question (authored option indexes);
        None if that answer can no longer change."""
        item = self.current
        question = self.question(item)
        if question is None or self.locked(item) or self.expired:
            return None
        picks = tuple(sorted(set(chosen)))
        if not picks or any(not 0 <= i < len(question.options) for i in picks):
            raise ValueError(f"not an answer to {question.id}: {list(chosen)}")
        self._checkpoint()
        self.items[self.index] = replace(
            self.current,
            chosen=picks,
            certain=certain,
            correct=set(picks) == question.correct_indexes,
        )
        return self._ticket(), self.state()

    def toggle_flag(self) -> tuple[int, State]:
        self._checkpoint()
        item = self.current
        self.items[self.index] = replace(item, flagged=not item.flagged)
        return self._ticket(), self.state()

    def next_index(self, unanswered: bool = False) -> int | None:
        """The next question after the current one (the next unanswered one, wrapping,
        with `unanswered`); None if there is none."""
        n = len(self.items)
        if not unanswered:
            return self.index + 1 if self.index + 1 < n else None
        for step in range(1, n):
            k = (self.index + step) % n
            if self.items[k].chosen is None:
                return k
        return None

    def _ticket(self) -> int:
        self._tickets += 1
        return self._tickets

    # --- saving (blocking: from a thread) -------------------------------------------

    def save(self, ticket: int, state: State) -> None:
        """Write `state` unless a newer one was written already (saves run in threads
        and may finish out of order)."""
        with self._lock:
            if ticket < self._saved:
                return
            position, elapsed, items = state
            self.store.save_block(
                self.id, position=position, elapsed=elapsed, questions=items, now=self.now()
            )
            self._saved = ticket

    def record_answer(self, ticket: int, state: State, position: int) -> AnswerResult | None:
        """Tutor mode: save and record the answer at `position` (one transaction);
        None if it was recorded before."""
        question = self.question(self.items[position])
        if question is None:
            return None
        with self._lock:
            # A newer snapshot written already holds this answer: record it alone.
            fresh = ticket >= self._saved
            result = self.store.record_block_answer(
                self.id, position, question, state=state if fresh else None, now=self.now()
            )
            if fresh:
                self._saved = ticket
            return result

    def finish(self, ended_by: str, state: State | None = None) -> BlockRecord:
        """End the block, recording every answer not recorded yet (one transaction)."""
        with self._lock:
            self._saved = 1 << 62  # nothing older may be written after the end
            self.record = self.store.finish_block(
                self.id, self.course.questions, ended_by=ended_by, state=state, now=self.now()
            )
            return self.record


# --- starting and resuming (blocking) -------------------------------------------------


def start_block(
    store: ProgressStore,
    course: Course,
    learner: str,
    audience: Audience,
    spec: BlockSpec,
    *,
    clock: Callable[[], datetime],
    seed: int | None = None,
    monotonic: Monotonic = time.monotonic,
) -> PracticeBlock:
    """A new block. An unfinished one is ended first (its answers recorded): a learner
    has one block under way at a time. Raises SpecError if nothing can be drawn."""
    known = {t.id for t in course.topics}
    unknown = [t for t in spec.topics if t not in known]
    if unknown:
        raise SpecError(f"unknown topic {unknown[0]!r}")
    answered = store.answered_states(learner)
    flagged = store.flagged_questions(learner)
    ids = pool_ids(course, audience, spec.topics, spec.pool, answered, flagged)
    if not ids:
        raise SpecError(f"no question is {POOL_NAMES[spec.pool]} in the topics chosen")
    block_seed = new_seed(seed)
    chosen = draw(ids, spec.count, block_seed)
    now = clock()
    previous = store.unfinished_block(learner)
    if previous is not None:
        store.finish_block(previous.id, course.questions, ended_by="new-block", now=now)
    items = [
        (
            qid,
            course.question_topic.get(qid, ""),
            shuffled_order(len(course.questions[qid].options), card_seed(block_seed, qid)),
        )
        for qid in chosen
    ]
    record = store.create_block(
        learner,
        audience=audience,
        mode=spec.mode,
        pool=spec.pool,
        topics=spec.topics,
        seconds_per_question=spec.seconds_per_question,
        time_limit=spec.seconds_per_question * len(items) if spec.mode == "timed" else None,
        seed=block_seed,
        questions=items,
        now=now,
    )
    return PracticeBlock(store, course, record, clock, monotonic)


def start_for(session: Session, spec: BlockSpec, **kw: Monotonic) -> PracticeBlock:
    """`start_block` for a session's learner, track, clock and seed (what every face
    passes); `kw` may hold a `monotonic` clock (tests)."""
    return start_block(
        session.store,
        session.course,
        session.learner,
        session.audience,
        spec,
        clock=session.now,
        seed=session.seed,
        **kw,
    )


def resume_block(
    store: ProgressStore,
    course: Course,
    learner: str,
    *,
    clock: Callable[[], datetime],
    monotonic: Monotonic = time.monotonic,
) -> PracticeBlock | None:
    """The learner's unfinished block, where it stopped, with the time it had left."""
    record = store.unfinished_block(learner)
    if record is None or not record.questions:
        return None
    return PracticeBlock(store, course, record, clock, monotonic)


def summary_line(block: PracticeBlock) -> str:
    """ "3 of 5 answered, 4:12 left" (for a resume button or notice)."""
    left = block.time_left()
    timing = f", {clock_text(left)} left" if left is not None else ""
    return f"{block.answered} of {len(block.items)} answered{timing}"


def clock_text(seconds: float) -> str:
    """m:ss (h:mm:ss from an hour), rounded up: 0:00 only when time is out."""
    total = int(-(-max(0.0, seconds) // 1))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


ENDINGS_TEXT = {
    "learner": "ended by you",
    "time": "ended when the time ran out",
    "new-block": "ended when a new block began",
}


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def describe(result: Report) -> list[str]:
    """The report's summary as lines of plain text, for any face."""
    block = result.block
    mode = "timed" if block.mode == "timed" else "tutor mode"
    flagged = f" · {len(result.flagged)} flagged" if result.flagged else ""
    lines = [
        f"Score: {result.correct} of {result.count} right ({percent(result.correct, result.count)})"
        f" · {result.answered} answered{flagged}",
    ]
    average = result.seconds / result.answered if result.answered else 0.0
    allowed = f", {clock_text(block.time_limit)} allowed" if block.time_limit else ""
    ending = ENDINGS_TEXT.get(block.ended_by or "", "")
    lines.append(
        f"Time: {clock_text(result.seconds)} in all, {clock_text(average)} per answer"
        f" · {mode}{allowed}" + (f" · {ending}" if ending else "")
    )
    lines.append("By topic:")
    width = max((len(t.title) for t in result.topics), default=0)
    for topic in result.topics:
        lines.append(
            f"  {topic.title.ljust(width)}  {topic.correct} of {topic.count} right"
            f" ({percent(topic.correct, topic.count)})"
        )
    calibration = result.calibration
    if calibration is None:
        lines.append("How sure: not asked (turn on the “how sure” question in the settings).")
    else:
        sure = f"{calibration.sure_right} of {calibration.sure} when sure"
        sure += f" ({percent(calibration.sure_right, calibration.sure)})"
        unsure = f"{calibration.unsure_right} of {calibration.unsure} when not sure"
        unsure += f" ({percent(calibration.unsure_right, calibration.unsure)})"
        lines.append(f"How sure: right {sure}, {unsure}.")
    return lines


def finished_view(store: ProgressStore, course: Course, record: BlockRecord) -> PracticeBlock:
    """A finished block to look through (the review after the report): no clock runs."""
    return PracticeBlock(store, course, record, lambda: record.updated_at)
