"""The glossary, searchable from anywhere (key g, or the command palette)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input

from rls_tutor.content.course import Course
from rls_tutor.content.model import Audience, GlossaryTerm
from rls_tutor.tui.widgets.text import Literal, literal


class TermEntry(Literal):
    def __init__(self, term: GlossaryTerm, course: Course, audience: Audience) -> None:
        self.term = term
        parts: list[str | Content | tuple[str, str]] = [
            literal(term.term, "bold"),
            "\n",
            literal(term.definition),
        ]
        if term.detail and audience == "clinician":
            parts += ["\n", literal(term.detail, "italic")]
        sources = "; ".join(course.source_titles(term.sources))
        parts += ["\n", (f"Source: {sources}", "$text-muted")]
        super().__init__(Content.assemble(*parts), classes="term")

    def rank(self, query: str) -> int | None:
        """0: the term starts with the query, 1: the term contains it, 2: the
        definition does; None: no match."""
        words = query.casefold().split()
        name = self.term.term.casefold()
        if name.startswith(" ".join(words)):
            return 0
        if all(w in name for w in words):
            return 1
        text = f"{self.term.definition}\n{self.term.detail or ''}".casefold()
        if all(w in name or w in text for w in words):
            return 2
        return None


class GlossaryScreen(Screen[None]):
    """Type to filter terms; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("down", "focus_list", "Terms", show=False),
    ]

    def __init__(self, course: Course, audience: Audience, query: str = "") -> None:
        super().__init__()
        self.course = course
        self.audience = audience
        self.initial = query

    def compose(self) -> ComposeResult:
        yield Literal("Glossary", classes="topbar")
        yield Input(self.initial, placeholder="Search the glossary", id="glossary-search")
        with VerticalScroll(id="terms"):
            for term in sorted(self.course.glossary, key=lambda t: t.term.casefold()):
                yield TermEntry(term, self.course, self.audience)
            yield Literal("", id="no-terms")
        yield Footer()

    def on_mount(self) -> None:
        self.search(self.initial)
        self.query_one("#glossary-search", Input).focus()

    def search(self, query: str) -> None:
        box = self.query_one("#glossary-search", Input)
        if box.value != query:
            box.value = query  # posts Changed, which filters
        self._filter(query)

    @on(Input.Changed, "#glossary-search")
    def _changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        box = self.query_one("#terms", VerticalScroll)
        ranked: list[tuple[int, str, TermEntry]] = []
        for entry in self.query(TermEntry):
            rank = entry.rank(query)
            entry.display = rank is not None
            if rank is not None:
                ranked.append((rank, entry.term.term.casefold(), entry))
        ranked.sort(key=lambda r: r[:2])
        # Best matches first: move them to the top in rank order.
        for position, (_, _, entry) in enumerate(ranked):
            if box.children[position] is not entry:
                box.move_child(entry, before=position)
        box.scroll_home(animate=False)
        shown = len(ranked)
        empty = self.query_one("#no-terms", Literal)
        if not self.course.glossary:
            empty.show("This course has no glossary.")
        else:
            empty.show(Content.assemble("No term matches “", literal(query), "”."))
        empty.display = shown == 0

    def action_focus_list(self) -> None:
        self.query_one("#terms", VerticalScroll).focus()
