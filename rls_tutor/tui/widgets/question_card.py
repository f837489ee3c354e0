"""The question card, shared by the lesson player and the review session."""

from __future__ import annotations

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
from rls_tutor.session.answering import CERTAINTY, Feedback, Showing
from rls_tutor.session.learning import Session
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
        # The options' order, the picks, the answer recorded and its feedback.
        self.showing = Showing(session, question)
        self.label = label
        self._slow: Timer | None = None

    @property
    def question(self) -> Question:
        return self.showing.question

    @property
    def topic_id(self) -> str:
        return self.showing.topic_id

    @property
    def order(self) -> list[int]:
        return self.showing.order

    @property
    def picked(self) -> list[int]:
        return self.showing.picked

    @property
    def result(self) -> AnswerResult | None:
        return self.showing.result

    @property
    def multiple(self) -> bool:
        return self.showing.multiple

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
        self.showing.restart_clock()

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
        showing = self.showing
        if showing.phase == "sure":
            if showing.be_sure(number):
                self._record()
            return
        if not showing.toggle(number):
            return
        for row in self.query(OptionRow):
            row.mark(picked=row.number - 1 in showing.picked)
        self._status("")

    def action_submit(self) -> None:
        if self.showing.phase != "answer":
            return
        outcome = self.showing.submit()
        if outcome == "empty":
            count = len(self.order)
            self._status(f"Choose an answer first: press a number from 1 to {count}.")
        elif outcome == "sure":
            self.phase = "sure"
            choices = "   ".join(f"{key} = {meaning}" for key, meaning, _ in CERTAINTY)
            self._status(f"How sure are you?  {choices}")
        else:
            self._record()

    def action_done(self) -> None:
        if self.phase == "feedback":
            self.post_message(self.Done(self))

    # --- saving, then feedback -------------------------------------------------

    def _record(self) -> None:
        self.phase = "saving"
        # Saving takes milliseconds: say so only if it is slow (a busy disk, a lock).
        self._slow = self.set_timer(SLOW_SAVE, lambda: self._status("Saving your answer…"))
        self._save()

    @work(thread=True, exit_on_error=False, group="store")
    def _save(self) -> None:
        feedback = self.showing.record()
        self.app.call_from_thread(self._show_feedback, feedback)

    def worker_failed(self, worker: object) -> None:
        if self._slow is not None:
            self._slow.stop()
        # Not saved: let the learner try again (the error modal says why).
        self.showing.failed()
        self.phase = "answer"
        self._status("Your answer was not saved. Press Enter to try again.")

    def _show_feedback(self, feedback: Feedback, *, answered: bool = True) -> None:
        """Show the feedback; `answered` False: an answer recorded before, shown again
        (no `Answered` message: nothing new was recorded)."""
        if self._slow is not None:
            self._slow.stop()
        if not self.is_attached:
            return
        marks = {r.number: r for r in feedback.rationales}
        for row in self.query(OptionRow):
            mark = marks[row.number]
            verdict = "right" if mark.correct else ("wrong" if mark.chosen else "")
            row.mark(picked=mark.chosen, verdict=verdict)
        self._status("")
        # One pre-mounted widget, updated: nothing to mount keeps the feedback instant.
        widget = self.query_one(".feedback", Literal)
        widget.show(self._feedback(feedback))
        widget.display = True
        self.phase = "feedback"
        if answered:
            self.post_message(self.Answered(self, feedback.result))
        self.scroll_home(animate=False)

    def _feedback(self, feedback: Feedback) -> Content:
        if feedback.correct:
            verdict = (f"✓ {feedback.verdict}", "bold $text-success")
        else:
            verdict = (f"✗ {feedback.verdict}", "bold $text-error")
        parts: list[Content] = [
            Content.assemble(verdict),
            Content.assemble((feedback.answer_label, "bold"), literal("; ".join(feedback.answers))),
        ]
        # Every option's rationale: those chosen or correct first, then the others.
        others = False
        for rationale in feedback.explained:
            why = Content.assemble(
                (rationale.heading, "bold"), "\n", literal(reflow(rationale.why))
            )
            if not (others or rationale.chosen or rationale.correct):
                others = True
                why = Content.assemble(("Other options", "bold $text-accent"), "\n", why)
            parts.append(why)
        parts.append(literal(reflow(feedback.explanation)))
        titles = "; ".join(feedback.sources)
        parts.append(Content.assemble(("Sources: ", "bold"), literal(titles, "$text-muted")))
        parts.append(Content.styled("Press Enter to continue.", "$text-muted"))
        return Content("\n\n").join(parts)

    def _status(self, text: str) -> None:
        status = self.query_one(".status", Literal)
        status.show(text)
        status.display = bool(text)
