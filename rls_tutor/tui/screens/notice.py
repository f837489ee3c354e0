"""The course's notice (educational, not medical advice) and its sources."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen

from rls_tutor.content.course import Course
from rls_tutor.tui.widgets.text import Literal, literal


class NoticeScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("enter", "dismiss", "Close", show=False),
    ]

    def __init__(self, course: Course) -> None:
        super().__init__(classes="dialog-screen")
        self.course = course

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(self.course.title, classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Literal(self.course.notice.strip(), classes="notice")
                yield Literal("Sources", classes="section-title")
                for source in self.course.sources.values():
                    details = ", ".join(
                        x for x in (source.publisher, source.updated and str(source.updated)) if x
                    )
                    who = "for patients" if source.audience == "patient" else "for clinicians"
                    yield Literal(
                        Content.assemble(
                            ("• ", "bold"),
                            literal(source.title, "bold"),
                            f" ({who})",
                            f"\n  {details}" if details else "",
                        )
                    )
            yield Literal("Press Enter or Escape to close.", classes="hint")

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()
