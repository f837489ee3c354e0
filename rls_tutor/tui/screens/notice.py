"""The course's notice (educational, not medical advice) and its sources."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen

from rls_tutor.content.course import Course
from rls_tutor.tui.widgets.text import Literal, literal, reflow


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
                yield Literal(reflow(self.course.notice), classes="notice")
                yield Literal("Sources", classes="section-title")
                for source in self.course.sources.values():
                    dated = f"updated {source.updated}" if source.updated else "date not given"
                    details = ", ".join(x for x in (source.publisher, dated) if x)
                    who = "for patients" if source.audience == "patient" else "for clinicians"
                    cites = "".join(f"\n    cites: {c}" for c in source.cites[:2])
                    if len(source.cites) > 2:
                        cites += f"\n    and {len(source.cites) - 2} more references"
                    yield Literal(
                        Content.assemble(
                            ("• ", "bold"),
                            literal(source.title, "bold"),
                            f" ({who})",
                            literal(f"\n  {details}{cites}"),
                        )
                    )
            yield Literal("Press Enter or Escape to close.", classes="hint")

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()
