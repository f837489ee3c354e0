"""The practice block builder: topics, how many questions, which pool, which mode.

It says, as the choice changes, how many questions the choice holds. A learner with
an unfinished block is offered to resume it; starting a new one ends it (its answers
are recorded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Select, SelectionList

from rls_tutor.session.blockspec import (
    DEFAULT_SECONDS,
    MAX_COUNT,
    MAX_SECONDS,
    POOL_NAMES,
    POOLS,
    BlockSpec,
    Mode,
    Pool,
    SpecError,
)
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.text import Literal, literal

if TYPE_CHECKING:
    from rls_tutor.session.learning import Session
    from rls_tutor.session.practice import PracticeBlock

MODE_NAMES = {
    "tutor": "Tutor: feedback each time",
    "timed": "Timed: feedback at the end",
}


class BuilderScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="start", tooltip="Start the block"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the course map"),
    ]

    def __init__(self, session: Session, spec: BlockSpec | None = None) -> None:
        super().__init__(session)
        self.spec = spec or BlockSpec()
        self.answered: dict[str, bool] | None = None
        self.flagged: set[str] = set()
        self.unfinished: PracticeBlock | None = None

    def compose(self) -> ComposeResult:
        spec = self.spec
        course = self.session.course
        track = "patient" if self.session.audience == "patient" else "clinician"
        yield Literal(f"Practice block  ·  {self.session.learner}, {track} track", classes="topbar")
        with VerticalScroll(id="builder-body"):
            with Horizontal(id="resume-row"):
                yield Literal("", id="resume-text")
                yield Button("Resume it", id="resume", compact=True)
            yield Literal(
                "Topics (Space or a click: in or out; all by default)", classes="field-label"
            )
            wanted = set(spec.topics) or {t.id for t in course.topics}
            yield SelectionList[str](
                *[(literal(t.title), t.id, t.id in wanted) for t in course.topics],
                id="builder-topics",
                compact=True,
            )
            with Horizontal(classes="builder-row"):
                yield Literal("Questions", classes="builder-label")
                yield Input(str(spec.count), id="builder-count", type="integer", compact=True)
                yield Literal("Pool", classes="builder-label")
                yield Select[str](
                    [(POOL_NAMES[p], p) for p in POOLS],
                    value=spec.pool,
                    allow_blank=False,
                    id="builder-pool",
                    compact=True,
                )
            with Horizontal(classes="builder-row"):
                yield Literal("Mode", classes="builder-label")
                yield Select[str](
                    [(MODE_NAMES[m], m) for m in ("tutor", "timed")],
                    value=spec.mode,
                    allow_blank=False,
                    id="builder-mode",
                    compact=True,
                )
                yield Literal("Seconds a question", classes="builder-label", id="seconds-label")
                yield Input(
                    f"{spec.seconds_per_question:g}",
                    id="builder-seconds",
                    type="number",
                    compact=True,
                )
            yield Literal("", id="builder-holds")
            yield Button("Start the block", id="builder-start", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume-row").display = False
        self.query_one("#builder-start", Button).focus()
        self._describe()
        self._load()

    @work(thread=True, exit_on_error=False, exclusive=True, group="home")
    def _load(self) -> None:
        from rls_tutor.session.practice import resume_block

        session = self.session
        answered = session.store.answered_states(session.learner)
        flagged = session.store.flagged_questions(session.learner)
        unfinished = resume_block(
            session.store, session.course, session.learner, clock=session.now, **self._clock()
        )
        self.app.call_from_thread(self._loaded, answered, flagged, unfinished)

    def _loaded(
        self, answered: dict[str, bool], flagged: set[str], unfinished: PracticeBlock | None
    ) -> None:
        from rls_tutor.session.practice import summary_line

        self.answered, self.flagged, self.unfinished = answered, flagged, unfinished
        row = self.query_one("#resume-row")
        row.display = unfinished is not None
        if unfinished is not None:
            self.query_one("#resume-text", Literal).show(
                f"You have an unfinished block ({summary_line(unfinished)}). "
                "A new block ends it, recording its answers."
            )
        self._describe()

    def _clock(self) -> dict[str, Callable[[], float]]:
        """The app's monotonic clock for the block (tests pass their own)."""
        options = getattr(self.app, "options", None)
        return {"monotonic": options.monotonic} if options is not None else {}

    # --- the choice ---------------------------------------------------------------

    def _topics(self) -> tuple[str, ...]:
        chosen = set(self.query_one("#builder-topics", SelectionList).selected)
        every = [t.id for t in self.session.course.topics]
        if not chosen or len(chosen) == len(every):
            return () if chosen else ("",)  # none chosen: nothing to draw from
        return tuple(t for t in every if t in chosen)

    def _spec(self) -> BlockSpec:
        """The block asked for; raises SpecError with what is wrong."""
        try:
            count = int(self.query_one("#builder-count", Input).value or "0")
        except ValueError:
            count = 0
        try:
            seconds = float(self.query_one("#builder-seconds", Input).value or "0")
        except ValueError:
            seconds = 0
        pool: Pool = self.query_one("#builder-pool", Select).value  # type: ignore[assignment]
        mode: Mode = self.query_one("#builder-mode", Select).value  # type: ignore[assignment]
        topics = self._topics()
        if topics == ("",):
            raise SpecError("choose at least one topic")
        if not 1 <= count <= MAX_COUNT:
            raise SpecError(f"the number of questions goes from 1 to {MAX_COUNT}")
        if mode == "timed" and not 1 <= seconds <= MAX_SECONDS:
            raise SpecError(f"seconds a question go from 1 to {MAX_SECONDS}")
        return BlockSpec(
            topics=topics,
            count=count,
            pool=pool,
            mode=mode,
            seconds_per_question=seconds if mode == "timed" else DEFAULT_SECONDS,
        )

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._describe()

    def _describe(self) -> None:
        from rls_tutor.session.practice import clock_text, pool_sizes

        holds = self.query_one("#builder-holds", Literal)
        timed = self.query_one("#builder-mode", Select).value == "timed"
        self.query_one("#builder-seconds").display = timed
        self.query_one("#seconds-label").display = timed
        try:
            spec = self._spec()
        except SpecError as exc:
            holds.show(f"Not yet: {exc}.")
            return
        if self.answered is None:
            holds.show("Counting the questions…")
            return
        sizes = pool_sizes(
            self.session.course, self.session.audience, spec.topics, self.answered, self.flagged
        )
        available = sizes[spec.pool]
        where = "every topic" if not spec.topics else f"{len(spec.topics)} topics"
        if len(spec.topics) == 1:
            where = "this topic"
        text = (
            f"Your choice holds {available} question{'s' * (available != 1)}"
            f" ({POOL_NAMES[spec.pool]}, {where}; {sizes['all']} in all)."
        )
        if available == 0:
            text += " Choose other topics or another pool."
        else:
            size = min(available, spec.count)
            text += f" The block will have {size}."
            if spec.mode == "timed":
                text += f" Time: {clock_text(size * spec.seconds_per_question)}."
        holds.show(text)

    # --- starting --------------------------------------------------------------------

    @on(Button.Pressed, "#builder-start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        try:
            spec = self._spec()
        except SpecError as exc:
            self.notify(f"Not yet: {exc}.", severity="warning", markup=False)
            return
        self._start(spec)

    @work(thread=True, exit_on_error=False, exclusive=True, group="store")
    def _start(self, spec: BlockSpec) -> None:
        from rls_tutor.session.practice import start_for

        try:
            block = start_for(self.session, spec, **self._clock())
        except SpecError as exc:
            self.app.call_from_thread(
                self.notify, f"No block: {exc}.", severity="warning", markup=False
            )
            return
        self.app.call_from_thread(self._open, block)

    @on(Button.Pressed, "#resume")
    def _resume(self) -> None:
        if self.unfinished is not None:
            self._open(self.unfinished)

    def _open(self, block: PracticeBlock) -> None:
        from rls_tutor.tui.screens.practice import PracticeScreen

        if self.is_current:
            self.app.switch_screen(PracticeScreen(self.session, block))
