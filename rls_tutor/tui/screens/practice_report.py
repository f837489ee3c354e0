"""A finished block's score report: the score, per topic, time, flags, calibration,
and every question, each opening its review (your answer, the key, every option's
why, the explanation, the sources)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer

from rls_tutor.session.practice import clock_text, describe, finished_view, report
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.text import Literal

if TYPE_CHECKING:
    from rls_tutor.progress.blocks import BlockRecord
    from rls_tutor.session.learning import Session

STEM = 48
COLUMNS = ("#", "Result", "Topic", "Time", "Flag", "Question")


class ReportScreen(TutorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review answers", id="review", tooltip="From the first question"),
        Binding("escape", "home", "Home", id="back", tooltip="Back to the course map"),
    ]

    def __init__(self, session: Session, record: BlockRecord) -> None:
        super().__init__(session)
        self.record = record
        self.report = report(record, session.course)

    def compose(self) -> ComposeResult:
        mode = "timed" if self.record.mode == "timed" else "tutor mode"
        yield Literal(f"Block report  ·  {self.report.count} questions, {mode}", classes="topbar")
        with VerticalScroll(id="report-body"):
            yield Literal("\n".join(describe(self.report)), id="report-summary")
            yield Literal(
                "Enter on a question: review it (your answer, the key, every option's why).",
                classes="hint",
            )
            yield DataTable(id="report-questions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        course = self.session.course
        for item in self.record.questions:
            question = course.questions.get(item.question_id)
            topic = course.topic(item.topic_id)
            stem = " ".join(question.stem.split()) if question else item.question_id
            if len(stem) > STEM:
                stem = stem[: STEM - 1] + "…"
            if item.chosen is None:
                result = "· not answered"
            else:
                result = "✓ right" if item.correct else "✗ wrong"
            table.add_row(
                str(item.position + 1),
                result,
                Text(topic.title if topic else item.topic_id),  # Text: no markup
                clock_text(item.seconds),
                "⚑" if item.flagged else "",
                Text(stem),
            )
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._review(event.cursor_row)

    def action_review(self) -> None:
        self._review(0)

    def _review(self, index: int) -> None:
        from rls_tutor.tui.screens.practice import PracticeScreen

        block = finished_view(self.session.store, self.session.course, self.record)
        block.index = max(0, min(index, len(block.items) - 1))
        self.app.push_screen(PracticeScreen(self.session, block, review=True))

    def action_home(self) -> None:
        self.app.pop_screen()
