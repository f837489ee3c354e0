"""Choose one of a topic's lessons (only when a topic has more than one)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rls_tutor.content.model import Lesson
from rls_tutor.tui.widgets.text import Literal, literal


class LessonPicker(ModalScreen[Lesson | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel")
    ]

    def __init__(self, lessons: list[Lesson]) -> None:
        super().__init__(classes="dialog-screen")
        self.lessons = lessons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal("Which lesson?", classes="dialog-title")
            yield OptionList(*[Option(literal(x.title), id=x.id) for x in self.lessons])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.lessons[event.option_index])
