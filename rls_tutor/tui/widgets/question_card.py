"""The question card, shared by the lesson player and the review session."""

from __future__ import annotations

from time import monotonic
from typing import ClassVar
from typing import Literal as Phase

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from rls_tutor.content.model import Question
from rls_tutor.progress.store import AnswerResult
from rls_tutor.session.learning import Session
from rls_tutor.session.shuffle import card_seed, shuffled_order, to_authored, to_display
from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.widgets.page import Page
from rls_tutor.tui.widgets.text import Literal, literal, reflow

SLOW_SAVE = 0.2  # seconds before "Saving your answer…" appears


class OptionRow(Horizontal):
    """One numbered option; a click picks it like its number key.

    The marker has its own column so that a long option wraps under its text.
    """

    def __init__(self, number: int, text: str, multiple: bool) -> None:
        super().__init__(classes="option")
        self.number = number
        self.text = text
        self.multiple = multiple

    def compose(self) -> ComposeResult:
        yield Static(classes="marker")
        yield Literal(self.text, classes="option-text")

    def on_mount(self) -> None:
        self.mark()

    def mark(self, picked: bool = False, verdict: str = "") -> None:
        box = ("[x]" if picked else "[ ]") if self.multiple else ("(•)" if picked else "( )")
        self.set_class(picked, "-picked")
        self.set_class(verdict == "right", "-right")
        self.set_class(verdict == "wrong", "-wrong")
        sign = {"right": "✓", "wrong": "✗"}.get(verdict, " ")
        # Content, not a str: "[x]" would otherwise be read as markup.
        self.query_one(".marker", Static).update(Content(f"{sign} {box} {self.number}."))

    def on_click(self, event: events.Click) -> None:
        card = next(a for a in self.ancestors if isinstance(a, QuestionCard))
        card.action_pick(self.number)


class QuestionCard(ReportsWorkerErrors, Page, can_focus=True):
    """A question with its options numbered 1..N in a shuffled order.

    The order is fixed for as long as the card exists. The answer is recorded
    (in a thread worker) before any feedback appears.

    | Key | Action |
    | :- | :- |
    | `1`..`9` | Pick an option (toggle, for "select all that apply"); or answer "how sure" |
    | `enter` | Submit the answer; once the feedback shows, continue |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Pick", key_display="1-9", tooltip="Pick an option by number"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("enter", "submit", "Submit", id="submit", tooltip="Check your answer"),
        Binding("enter", "done", "Continue", id="continue", tooltip="Go on"),
    ]

    phase: var[Phase["answer", "sure", "saving", "feedback"]] = var("answer")

    class Answered(Message):
        """The answer was saved; the feedback is on screen."""

        def __init__(self, card: QuestionCard, result: AnswerResult) -> None:
            super().__init__()
            self.card = card
            self.result = result

        @property
        def control(self) -> QuestionCard:
            return self.card

    class Done(Message):
        """The learner read the feedback and wants to go on."""

        def __init__(self, card: QuestionCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> QuestionCard:
            return self.card

    def __init__(
        self,
        session: Session,
        question: Question,
        *,
        label: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="question-card")
        self.session = session
        self.question = question
        self.topic_id = session.course.question_topic.get(question.id, "")
        self.label = label
        # Stable while this card exists: re-rendering never reorders the options.
        self.order = shuffled_order(len(question.options), card_seed(session.seed, question.id))
        self.picked: list[int] = []  # 0-based display positions, in the order picked
        self.result: AnswerResult | None = None
        self._slow: Timer | None = None
        self._shown_at = monotonic()

    @property
    def multiple(self) -> bool:
        return self.question.type == "multiple"

    def compose(self) -> ComposeResult:
        if self.label:
            yield Literal(self.label, classes="card-label")
        yield Literal(reflow(self.question.stem), classes="stem")
        count = len(self.order)
        if self.multiple:
            hint = f"Select all that apply: press each number (1-{count}), then Enter."
        else:
            hint = f"Press a number (1-{count}) to choose, then Enter."
        yield Literal(hint, classes="hint")
        with Vertical(classes="options"):
            for n, authored in enumerate(self.order, start=1):
                yield OptionRow(n, self.question.options[authored].text, self.multiple)
        yield Literal("", classes="status")
        feedback = Literal("", classes="feedback")
        feedback.display = False
        yield feedback

    def on_mount(self) -> None:
        self._shown_at = monotonic()

    # --- keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only two sets of keys: answering (the actions ignore keys while the answer
        # saves) and feedback. Fewer footer rebuilds keep the feedback quick.
        if action in ("submit", "pick"):
            return self.phase != "feedback"
        if action == "done":
            return self.phase == "feedback"
        return True

    def watch_phase(self, old: str, new: str) -> None:
        if "feedback" in (old, new):
            # After the next frame: the feedback is drawn before the footer changes.
            self.call_after_refresh(self.refresh_bindings)

    def action_pick(self, number: int) -> None:
        if self.phase == "sure":
            if number in (1, 2):
                self._record(certain=number == 1)
            return
        if self.phase != "answer" or not 1 <= number <= len(self.order):
            return
        index = number - 1
        if self.multiple:
            if index in self.picked:
                self.picked.remove(index)
            else:
                self.picked.append(index)
        else:
            self.picked = [index]
        for row in self.query(OptionRow):
            row.mark(picked=row.number - 1 in self.picked)
        self._status("")

    def action_submit(self) -> None:
        if self.phase != "answer":
            return
        if not self.picked:
            count = len(self.order)
            self._status(f"Choose an answer first: press a number from 1 to {count}.")
            return
        if self.session.ask_certainty:
            self.phase = "sure"
            self._status("How sure are you?  1 = sure   2 = not sure")
            return
        self._record(certain=None)

    def action_done(self) -> None:
        if self.phase == "feedback":
            self.post_message(self.Done(self))

    # --- saving, then feedback -------------------------------------------------

    def _record(self, certain: bool | None) -> None:
        self.phase = "saving"
        # Saving takes milliseconds: say so only if it is slow (a busy disk, a lock).
        self._slow = self.set_timer(SLOW_SAVE, lambda: self._status("Saving your answer…"))
        chosen = to_authored(self.order, self.picked)
        self._save(chosen, certain, monotonic() - self._shown_at)

    @work(thread=True, exit_on_error=False, group="store")
    def _save(self, chosen: tuple[int, ...], certain: bool | None, seconds: float) -> None:
        session = self.session
        result = session.store.record_answer(
            session.learner,
            self.question,
            self.topic_id,
            chosen,
            certain=certain,
            seconds=round(seconds, 3),
            now=session.now(),
        )
        self.app.call_from_thread(self._show_feedback, chosen, result)

    def worker_failed(self, worker: object) -> None:
        if self._slow is not None:
            self._slow.stop()
        # Not saved: let the learner try again (the error modal says why).
        self.phase = "answer"
        self._status("Your answer was not saved. Press Enter to try again.")

    def _show_feedback(self, chosen: tuple[int, ...], result: AnswerResult) -> None:
        if self._slow is not None:
            self._slow.stop()
        if not self.is_attached:
            return
        self.result = result
        correct = self.question.correct_indexes
        for row in self.query(OptionRow):
            authored = self.order[row.number - 1]
            verdict = "right" if authored in correct else ("wrong" if authored in chosen else "")
            row.mark(picked=authored in chosen, verdict=verdict)
        self._status("")
        # One pre-mounted widget, updated: nothing to mount keeps the feedback instant.
        feedback = self.query_one(".feedback", Literal)
        feedback.show(self._feedback(chosen, result))
        feedback.display = True
        self.phase = "feedback"
        self.post_message(self.Answered(self, result))
        self.scroll_home(animate=False)

    def _feedback(self, chosen: tuple[int, ...], result: AnswerResult) -> Content:
        question = self.question
        correct = question.correct_indexes
        if result.correct:
            verdict = ("✓ Correct.", "bold $text-success")
        else:
            verdict = ("✗ Not quite.", "bold $text-error")
        answer = "; ".join(self._numbered(i) for i in to_display(self.order, correct))
        label = "Correct answers: " if len(correct) > 1 else "Correct answer: "
        parts: list[Content] = [
            Content.assemble(verdict),
            Content.assemble((label, "bold"), literal(answer)),
        ]
        # The rationale of each option chosen and of each correct one, in display order.
        for position in to_display(self.order, set(chosen) | correct):
            authored = self.order[position]
            tags = ["your choice"] if authored in chosen else []
            tags.append("correct" if authored in correct else "incorrect")
            heading = f"{self._numbered(position)} ({', '.join(tags)})"
            why = reflow(question.options[authored].why)
            parts.append(Content.assemble((heading, "bold"), "\n", literal(why)))
        parts.append(literal(reflow(question.explanation)))
        titles = "; ".join(self.session.course.source_titles(question.sources))
        parts.append(Content.assemble(("Sources: ", "bold"), literal(titles, "$text-muted")))
        parts.append(Content.styled("Press Enter to continue.", "$text-muted"))
        return Content("\n\n").join(parts)

    def _numbered(self, position: int) -> str:
        return f"{position + 1}. {self.question.options[self.order[position]].text}"

    def _status(self, text: str) -> None:
        status = self.query_one(".status", Literal)
        status.show(text)
        status.display = bool(text)
