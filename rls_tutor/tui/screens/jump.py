"""Jump to a question of a practice block: every question with its state."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rls_tutor.session.practice import PracticeBlock
from rls_tutor.tui.widgets.navigator import cell_text
from rls_tutor.tui.widgets.text import Literal, literal

STEM = 60


class JumpDialog(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel")
    ]

    def __init__(self, block: PracticeBlock, review: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.block = block
        self.review = review

    def compose(self) -> ComposeResult:
        options = []
        for n, item in enumerate(self.block.items):
            question = self.block.question(item)
            stem = " ".join(question.stem.split()) if question else "(no longer in the course)"
            if len(stem) > STEM:
                stem = stem[: STEM - 1] + "…"
            line = Content.assemble(cell_text(n + 1, item, self.review), "  ", literal(stem))
            options.append(Option(line, id=str(n)))
        with Vertical(classes="dialog"):
            yield Literal("Go to question", classes="dialog-title")
            legend = "✓ right  ✗ wrong  · unanswered" if self.review else "● answered  ○ not yet"
            yield Literal(f"{legend}  ⚑ flagged   Enter: go   Escape: cancel", classes="hint")
            yield OptionList(*options, id="jump-list")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.highlighted = self.block.index
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
