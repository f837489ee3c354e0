"""Progress: mastery, level, seen/total, accuracy and due per topic, and recent answers."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer

from rls_tutor.progress.mastery import TopicProgress
from rls_tutor.progress.store import AnswerRecord
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.widgets.block_history import BlockHistory
from rls_tutor.tui.widgets.mastery import mastery_bar
from rls_tutor.tui.widgets.text import Literal, literal

RECENT = 8
COLUMNS = ("Topic", "Mastery", "Level", "Seen", "Accuracy", "Due")


class ProgressScreen(TutorScreen):
    """Reloaded every time it is shown, so it never shows stale figures."""

    def compose(self) -> ComposeResult:
        yield Literal("Progress", id="progress-bar", classes="topbar")
        with VerticalScroll(id="progress-body"):
            yield DataTable(id="mastery", cursor_type="row", zebra_stripes=True)
            yield Literal("Recent activity", classes="section-title")
            yield Literal("", id="recent")
            yield Literal("Practice blocks", classes="section-title")
            yield BlockHistory(id="block-history")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#mastery", DataTable)
        table.add_columns(*COLUMNS)

    def on_screen_resume(self) -> None:
        session = self.session
        track = "patient" if session.audience == "patient" else "clinician"
        self.query_one("#progress-bar", Literal).show(
            f"Progress  ·  {session.learner}, {track} track"
        )
        self._load()
        self.query_one(BlockHistory).load(session)

    @work(thread=True, exit_on_error=False, exclusive=True, group="home")
    def _load(self) -> None:
        session = self.session
        topics = session.store.topic_progress(
            session.learner, session.course, session.audience, now=session.now()
        )
        recent = session.store.recent_answers(session.learner, limit=RECENT)
        self.app.call_from_thread(self._show, topics, recent)

    def _show(self, topics: list[TopicProgress], recent: list[AnswerRecord]) -> None:
        table = self.query_one("#mastery", DataTable)
        table.clear()
        for p in topics:
            accuracy = f"{p.correct / p.attempts:.0%}" if p.attempts else "-"
            table.add_row(
                Text(p.title),  # a Text, not a str: DataTable reads str cells as markup
                Text(mastery_bar(p.mastery).plain),
                Text(p.level),
                f"{p.seen} / {p.total}",
                accuracy,
                str(p.due),
            )
        self.query_one("#recent", Literal).show(self._recent(recent))

    def _recent(self, recent: list[AnswerRecord]) -> Content:
        if not recent:
            return Content("No answers yet.")
        questions = self.session.course.questions
        lines = []
        for record in recent:
            when = record.answered_at.astimezone().strftime("%Y-%m-%d %H:%M")
            sign = ("✓ ", "$text-success") if record.correct else ("✗ ", "$text-error")
            question = questions.get(record.question_id)
            stem = " ".join((question.stem if question else record.question_id).split())
            short = stem if len(stem) <= 90 else stem[:89] + "…"
            lines.append(Content.assemble(f"{when}  ", sign, literal(short)))
        return Content("\n").join(lines)
