"""Author text containing content markup is shown literally and runs nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import Markdown

from rls_tutor.tui.widgets.lesson_markdown import LessonMarkdown
from rls_tutor.tui.widgets.question_card import OptionRow, QuestionCard

from .tui_helpers import copy_course, press, screen_text, wait_screen

CLICK = "[@click=app.quit]x[/]"
CLOSE = "[/bold]"
INDEX = "a[i]"


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def hostile_course(tmp_path: Path) -> Path:
    root = copy_course(tmp_path)

    def course(d):
        d["title"] = f"Course {INDEX}"
        d["topics"][0]["title"] = f"{CLICK} topic"

    def lesson(d):
        d["title"] = f"{INDEX} lesson {CLOSE}"
        d["steps"][0]["title"] = f"Screen {CLOSE}"
        d["steps"][0]["text"]["patient"] = (
            f"Markdown {CLICK} and {INDEX}; [a file](file:///etc/passwd), "
            "[the web](https://example.org)."
        )

    def quiz(d):
        q = d["questions"][0]
        q["stem"] = f"{CLICK} stem {CLOSE}"
        q["options"][0]["text"] = f"{INDEX} right"
        q["options"][0]["why"] = "[@click=app.bell]why[/]"
        q["options"][1]["text"] = CLOSE
        q["options"][2]["text"] = "[b]not bold[/b]"
        q["explanation"] = f"{CLICK} explanation {INDEX}"

    def glossary(d):
        d["terms"][0]["term"] = f"{CLICK} term"

    _edit(root / "lessons" / "course.yaml", course)
    _edit(root / "lessons" / "01-alpha.yaml", lesson)
    _edit(root / "quizzes" / "alpha.yaml", quiz)
    _edit(root / "lessons" / "glossary.yaml", glossary)
    return root


async def test_markup_in_author_text_is_literal(make, tmp_path: Path, monkeypatch) -> None:
    app = make(content=hostile_course(tmp_path))
    actions: list[str] = []
    real_run_action = app.run_action

    async def spy(action, *args, **kwargs):
        actions.append(str(action))
        return await real_run_action(action, *args, **kwargs)

    monkeypatch.setattr(app, "run_action", spy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        assert app.startup is not None and app.startup.course.ok
        assert f"Welcome to Course {INDEX}" in screen_text(app)
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        text = screen_text(app)
        assert f"{INDEX} lesson {CLOSE}" in text
        assert f"Screen {CLOSE}" in text

        # Markdown: shown as text; links open only for https.
        opened: list[str] = []
        monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
        md = app.screen.query_one(LessonMarkdown)
        for href in ("file:///etc/passwd", "https://example.org"):
            md.post_message(Markdown.LinkClicked(md, href))
        await pilot.pause()
        assert opened == ["https://example.org"]

        await press(pilot, "enter")
        card = app.screen.query_one(QuestionCard)
        text = screen_text(app)
        assert f"{CLICK} stem {CLOSE}" in text
        assert f"{INDEX} right" in text
        assert "[b]not bold[/b]" in text
        assert any(row.text == CLOSE for row in card.query(OptionRow))

        # Clicking author text runs nothing.
        await pilot.click(".stem")
        for row in card.query(OptionRow):
            await pilot.click(row)
        await pilot.pause()
        assert app.is_running and app.return_code is None

        await press(pilot, str(card.order.index(0) + 1), "enter")
        text = screen_text(app)
        assert "[@click=app.bell]why[/]" in text
        assert f"{CLICK} explanation {INDEX}" in text
        await pilot.click(".feedback")

        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        assert f"{CLICK} topic" in screen_text(app)
        await pilot.click(".topic-row TopicLine")
        await press(pilot, "g")
        await wait_screen(pilot, "GlossaryScreen")
        assert f"{CLICK} term" in screen_text(app)
        assert app.is_running and app.return_code is None

    # The only actions run were the ones bound to keys we pressed.
    assert not [a for a in actions if "quit" in a or "bell" in a]
