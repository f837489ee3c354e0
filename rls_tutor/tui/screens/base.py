"""What every full screen of the tutor shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from rls_tutor.tui.errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from rls_tutor.session.learning import Session


class TutorScreen(ReportsWorkerErrors, Screen[None]):
    """A screen over the learner's session; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Go back")
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
