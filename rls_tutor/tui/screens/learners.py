"""Switch learner: pick one of the learners of this progress file, or name a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from rls_tutor.session.learner import MAX_NAME, name_problem
from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.widgets.text import Literal, literal

if TYPE_CHECKING:
    from rls_tutor.session.learner_list import LearnerEntry
    from rls_tutor.session.learning import Session, Startup


class LearnerDialog(ReportsWorkerErrors, ModalScreen[None]):
    """The learners to pick from, and a field for a new name; Escape changes nothing.

    A name is matched to a learner without regard to case ("maria" is Maria). A known
    learner with a track goes straight to their course map; a new one (or one who
    never chose a track) to the first screen, named, to choose a track.

    | Key | Action |
    | :- | :- |
    | `enter` | Switch to the highlighted learner, or to the name typed |
    | `tab` | Between the list and the new-name field |
    | `escape` | Cancel: back to where you were |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", id="cancel", tooltip="Keep the learner"),
    ]

    def __init__(self, startup: Startup, session: Session) -> None:
        super().__init__(classes="dialog-screen")
        self.startup = startup
        self.session = session
        self.entries: list[LearnerEntry] = []
        self.switching = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="learner-dialog"):
            yield Literal("Switch learner", classes="dialog-title")
            yield Label("Who is learning? (Enter to switch)", classes="field-label")
            yield OptionList(id="learners")
            with Horizontal(id="new-learner-row"):
                yield Label("Or a new learner:", classes="field-label")
                yield Input(
                    max_length=MAX_NAME, id="new-learner", placeholder="a name", compact=True
                )
            yield Literal("", classes="status")
            yield Literal(
                "Tab: the list or a new name  ·  Enter: switch  ·  Escape: cancel",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(".status").display = False
        self.query_one("#learners", OptionList).focus()
        self._load()

    @work(thread=True, exit_on_error=False, group="home")
    def _load(self) -> None:
        from rls_tutor.session.learner_list import learner_list

        entries = learner_list(self.startup.store, self.session.learner)
        self.app.call_from_thread(self._listed, entries)

    def _listed(self, entries: list[LearnerEntry]) -> None:
        self.entries = entries
        learners = self.query_one("#learners", OptionList)
        learners.set_options(
            Option(literal(entry.describe()), id=str(n)) for n, entry in enumerate(entries)
        )
        # The next learner after the one studying now: the likeliest pick.
        current = next((n for n, e in enumerate(entries) if e.current), -1)
        learners.highlighted = (current + 1) % len(entries) if entries else None

    @on(OptionList.OptionSelected, "#learners")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._switch(self.entries[event.option_index].name)

    @on(Input.Submitted, "#new-learner")
    def _typed(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        problem = "Type a name, or pick one from the list." if not name else name_problem(name)
        if problem:
            self._status(problem)
        else:
            self._switch(name)

    def _status(self, text: str) -> None:
        status = self.query_one(".status", Literal)
        status.show(text)
        status.display = True

    def _switch(self, name: str) -> None:
        if not self.switching:
            self.switching = True
            self._resolve(name)

    @work(thread=True, exit_on_error=False, group="store")
    def _resolve(self, name: str) -> None:
        from rls_tutor.session.learner_list import choose, switch

        app = self.app
        choice = choose(self.startup.store, name)
        if choice.name == self.session.learner:
            app.call_from_thread(self._same, choice.name)
        elif choice.audience is None:  # a new learner: the first screen asks for a track
            app.call_from_thread(self._new, choice.name)
        else:
            options = app.options  # type: ignore[attr-defined]
            session = switch(
                self.startup, choice, choice.audience, clock=options.clock, seed=options.seed
            )
            app.call_from_thread(app.open_session, session, resume=None)  # type: ignore[attr-defined]

    def worker_failed(self, worker: object) -> None:
        self.switching = False

    def _same(self, name: str) -> None:
        self.dismiss()
        self.notify(f"{name} is studying already.", markup=False)

    def _new(self, name: str) -> None:
        from dataclasses import replace

        from rls_tutor.tui.screens.welcome import WelcomeScreen

        self.dismiss()
        # Settings read at start-up belong to the learner then: none are reused.
        self.app.push_screen(WelcomeScreen(replace(self.startup, learner=""), learner=name))
