"""One showing of a question: its shuffled options, what the learner picks, the "how
sure" question when their setting asks it, the answer recorded once, and the feedback.

Every face (the TUI's question card, the plain line mode) drives a `Showing`:

    answer --submit()--> sure --be_sure()--> saving --record()--> feedback
           \\-----------------------------/
              (when the learner is not asked how sure)

`record()` blocks (it writes the store): the TUI calls it from a thread worker.
If it fails, `failed()` goes back to "answer" with the picks kept, so the learner
can try again; a showing records at most one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from time import monotonic
from typing import Literal

from rls_tutor.content.model import Question
from rls_tutor.progress.store import AnswerResult
from rls_tutor.session.learning import Session
from rls_tutor.session.shuffle import card_seed, shuffled_order, to_authored, to_display

Phase = Literal["answer", "sure", "saving", "feedback"]
Submitted = Literal["empty", "sure", "save"]  # nothing picked / ask how sure / save now
PickProblem = Literal["empty", "range", "one"]  # nothing / no such option / one only
# The "how sure" question's answers: (number to press, meaning, recorded `certain`).
CERTAINTY: tuple[tuple[int, str, bool], ...] = ((1, "sure", True), (2, "not sure", False))


@dataclass(frozen=True)
class Rationale:
    """Why one option is right or wrong, as shown: numbered in display order."""

    number: int
    text: str
    why: str
    chosen: bool
    correct: bool

    @property
    def tags(self) -> list[str]:
        return [
            *(["your choice"] if self.chosen else []),
            "correct" if self.correct else "incorrect",
        ]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.text} ({', '.join(self.tags)})"


@dataclass(frozen=True)
class Feedback:
    result: AnswerResult
    verdict: str  # "Correct." or "Not quite."
    answer_label: str  # "Correct answer: " or "Correct answers: "
    answers: list[str]  # the correct options, numbered as shown
    rationales: list[Rationale]  # every option, in display order
    explanation: str
    sources: list[str]  # titles

    @property
    def correct(self) -> bool:
        return self.result.correct

    @property
    def answer(self) -> str:
        return self.answer_label + "; ".join(self.answers)

    @property
    def picked_or_correct(self) -> list[Rationale]:
        """The rationales of the options chosen and of the correct ones."""
        return [r for r in self.rationales if r.chosen or r.correct]

    @property
    def explained(self) -> list[Rationale]:
        """Every option's rationale, as every face shows them after an answer: the
        options chosen and the correct ones first, then the others (display order)."""
        first = [r for r in self.rationales if r.chosen or r.correct]
        return first + [r for r in self.rationales if not (r.chosen or r.correct)]


class Showing:
    def __init__(self, session: Session, question: Question) -> None:
        self.session = session
        self.question = question
        self.topic_id = session.course.question_topic.get(question.id, "")
        # Fixed for the whole showing: re-drawing never reorders the options.
        self.order = shuffled_order(len(question.options), card_seed(session.seed, question.id))
        self.picked: list[int] = []  # 0-based display positions, in the order picked
        self.phase: Phase = "answer"
        self.certain: bool | None = None
        self.feedback: Feedback | None = None
        self.retry = False  # a lesson check asked again: recorded as a retry (check_answers.py)
        self._shown_at = monotonic()
        self._seconds = 0.0

    # --- what is shown -------------------------------------------------------------

    @property
    def multiple(self) -> bool:
        """A "select all that apply" question."""
        return self.question.type == "multiple"

    @property
    def count(self) -> int:
        return len(self.order)

    @property
    def options(self) -> list[str]:
        """The options' texts in display order (option 1 first)."""
        return [self.question.options[a].text for a in self.order]

    @property
    def result(self) -> AnswerResult | None:
        return self.feedback.result if self.feedback else None

    @property
    def chosen(self) -> tuple[int, ...]:
        """The authored indexes picked, sorted: what is recorded."""
        return to_authored(self.order, self.picked)

    def restart_clock(self) -> None:
        """The question is on screen now: time the answer from here."""
        self._shown_at = monotonic()

    # --- answering -----------------------------------------------------------------

    def toggle(self, number: int) -> bool:
        """Pick option `number` (1-based, as shown): for one best answer instead of the
        one picked, for "select all that apply" on or off. False if it does not apply."""
        if self.phase != "answer" or not 1 <= number <= self.count:
            return False
        index = number - 1
        if not self.multiple:
            self.picked = [index]
        elif index in self.picked:
            self.picked.remove(index)
        else:
            self.picked.append(index)
        return True

    def choose(self, numbers: Iterable[int]) -> PickProblem | None:
        """Pick these options (1-based, as shown) at once, replacing any picks; why not,
        or None. One best answer takes one number; "select all" one or more."""
        wanted = list(dict.fromkeys(numbers))
        if self.phase != "answer" or not wanted:
            return "empty"
        if any(not 1 <= n <= self.count for n in wanted):
            return "range"
        if len(wanted) > 1 and not self.multiple:
            return "one"
        self.picked = [n - 1 for n in wanted]
        return None

    def submit(self) -> Submitted:
        """The learner submits the picks: ask how sure (if their setting says so) or save."""
        if self.phase != "answer" or not self.picked:
            return "empty"
        self._seconds = monotonic() - self._shown_at
        if self.session.ask_certainty:
            self.phase = "sure"
            return "sure"
        self.certain = None
        self.phase = "saving"
        return "save"

    def be_sure(self, number: int) -> bool:
        """The answer to "how sure are you?" (a number of `CERTAINTY`); True when it is one
        and the answer is ready to save."""
        if self.phase != "sure":
            return False
        for key, _, certain in CERTAINTY:
            if number == key:
                self.certain = certain
                self.phase = "saving"
                return True
        return False

    def record(self) -> Feedback:
        """Save the answer (blocking; once per showing) and return its feedback."""
        if self.phase != "saving" or self.feedback is not None:
            raise RuntimeError(f"no answer to save for {self.question.id} ({self.phase})")
        session = self.session
        chosen = self.chosen
        result = session.store.record_answer(
            session.learner,
            self.question,
            self.topic_id,
            chosen,
            certain=self.certain,
            seconds=round(self._seconds, 3),
            now=session.now(),
            retry=self.retry,
        )
        self.feedback = self._feedback(chosen, result)
        self.phase = "feedback"
        return self.feedback

    def failed(self) -> None:
        """Saving failed: back to answering, the picks kept."""
        if self.phase == "saving":
            self.phase = "answer"
            self.certain = None

    # --- feedback --------------------------------------------------------------------

    def _feedback(self, chosen: tuple[int, ...], result: AnswerResult) -> Feedback:
        question = self.question
        correct = question.correct_indexes
        picked = set(chosen)
        rationales = [
            Rationale(
                number=position + 1,
                text=question.options[authored].text,
                why=question.options[authored].why,
                chosen=authored in picked,
                correct=authored in correct,
            )
            for position, authored in enumerate(self.order)
        ]
        return Feedback(
            result=result,
            verdict="Correct." if result.correct else "Not quite.",
            answer_label="Correct answers: " if len(correct) > 1 else "Correct answer: ",
            answers=[
                f"{p + 1}. {question.options[self.order[p]].text}"
                for p in to_display(self.order, correct)
            ],
            rationales=rationales,
            explanation=question.explanation,
            sources=self.session.course.source_titles(question.sources),
        )
