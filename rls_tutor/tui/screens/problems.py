"""Every problem found in the course files, for whoever maintains the course."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from rls_tutor.content.course import Problem
from rls_tutor.tui.widgets.text import Literal


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("enter", "dismiss", "Close", show=False),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(classes="dialog-screen")
        self.problems = sorted(problems)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal("Course problems", classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                if not self.problems:
                    yield Literal("The course loaded without problems.")
                for problem in self.problems:
                    yield Literal(str(problem), classes=f"problem -{problem.severity}")
            yield Literal(
                "Files with errors were skipped; the rest of the course is available.",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()
