"""The finished practice blocks, the latest first (on the progress screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from rls_tutor.tui.errors import ReportsWorkerErrors
from rls_tutor.tui.widgets.text import Literal

if TYPE_CHECKING:
    from rls_tutor.progress.blocks import BlockSummary
    from rls_tutor.session.learning import Session

SHOWN = 10


class BlockHistory(ReportsWorkerErrors, Literal):
    def load(self, session: Session) -> None:
        self._load(session)

    # A description of our own: by default Textual describes a worker by the repr of its
    # arguments, and the session's repr walks the whole course (0.14 s on a large one).
    @work(thread=True, exit_on_error=False, exclusive=True, group="home", description="history")
    def _load(self, session: Session) -> None:
        history = session.store.block_history(session.learner, limit=SHOWN)
        titles = {t.id: t.title for t in session.course.topics}
        self.app.call_from_thread(self.show, self.describe(history, titles))

    @staticmethod
    def describe(history: list[BlockSummary], titles: dict[str, str]) -> str:
        from rls_tutor.session.practice import clock_text, percent

        if not history:
            return "No practice block finished yet: press b on the course map to build one."
        lines = []
        for b in history:
            when = (b.finished_at or b.started_at).astimezone().strftime("%Y-%m-%d %H:%M")
            topics = ", ".join(titles.get(t, t) for t in b.topics) or "every topic"
            if len(topics) > 40:
                topics = topics[:39] + "…"
            flagged = f", {b.flagged} flagged" if b.flagged else ""
            lines.append(
                f"{when}  {b.mode:<5}  {b.correct}/{b.count} right"
                f" ({percent(b.correct, b.count)}), {b.answered} answered{flagged},"
                f" {clock_text(b.seconds)}  ·  {topics}"
            )
        return "\n".join(lines)
