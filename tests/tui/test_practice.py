"""Practice blocks in the TUI (Pilot): the builder, tutor and timed modes, the timer
ending a block (an injected clock), flags and navigation, resuming after a kill, the
score report and its review, the history on the progress screen."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, Select

from rls_tutor.session.blockspec import BlockSpec
from rls_tutor.tui.widgets.block_card import BlockCard
from rls_tutor.tui.widgets.navigator import Navigator

from .tui_helpers import open_store, press, screen_text, settle, wait_for, wait_screen


class Mono:
    """The block's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


def practice_app(make, mono: Mono | None = None, db: Path | None = None, **spec: object):
    more = {"db": db} if db is not None else {}
    return make(
        practice=BlockSpec(**spec),  # type: ignore[arg-type]
        monotonic=mono or Mono(),
        **more,
    )


async def into_block(pilot) -> None:
    """A new learner: the welcome (clinician track), then straight into the block."""
    await wait_screen(pilot, "WelcomeScreen")
    await press(pilot, "2", "enter")
    await wait_screen(pilot, "PracticeScreen")


def card(pilot) -> BlockCard:
    return pilot.app.screen.query_one(BlockCard)


def key_for(pilot, authored: int) -> str:
    """The number key showing the authored option `authored` on the current card."""
    return str(card(pilot).order.index(authored) + 1)


async def test_builder_says_what_the_choice_holds_and_starts(make) -> None:
    app = make()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "2", "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "b")
        await wait_screen(pilot, "BuilderScreen")
        await wait_for(pilot, lambda: "holds 4 questions" in screen_text(app), "the count")
        assert "The block will have 4." in screen_text(app)
        screen = app.screen
        screen.query_one("#builder-count", Input).value = "2"
        screen.query_one("#builder-mode", Select).value = "timed"
        await settle(pilot)
        text = screen_text(app)
        assert "The block will have 2. Time: 3:00." in text
        screen.query_one("#builder-pool", Select).value = "flagged"
        await settle(pilot)
        assert "holds 0 questions" in screen_text(app)
        screen.query_one("#builder-pool", Select).value = "unused"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await wait_screen(pilot, "PracticeScreen")
        assert "Timed" in screen_text(app) and "Question 1 of 2" in screen_text(app)
        assert app.screen.query_one("#countdown")


async def test_tutor_mode_feedback_then_report(make, db: Path) -> None:
    app = practice_app(make, count=4)
    async with app.run_test(size=(100, 40)) as pilot:
        await into_block(pilot)
        first = card(pilot).question
        await press(pilot, key_for(pilot, 0), "enter")  # authored option 0 is the key
        text = screen_text(app)
        assert "Correct." in text
        for option in first.options:  # every option's why
            assert " ".join(option.why.split()) in text
        assert " ".join(first.explanation.split()) in text
        # Back to it: the answer is shown, not asked again
        await press(pilot, "enter")
        await press(pilot, "left")
        assert card(pilot).phase == "feedback"
        await press(pilot, "1", "enter")  # ignored: the answer is final
        with open_store(db) as store:
            assert store.answer_count() == 1  # recorded at once, once
        for _ in range(3):
            await press(pilot, "right")
        while app.screen.query(BlockCard) and isinstance(
            app.screen.query_one(BlockCard), BlockCard
        ):
            current = card(pilot)
            if current.phase == "feedback":
                await press(pilot, "enter")
            else:
                await press(pilot, "1")
                if current.multiple:
                    await press(pilot, "2")
                await press(pilot, "enter")
            if type(app.screen).__name__ == "ReportScreen":
                break
        await wait_screen(pilot, "ReportScreen")
        assert "4 answered" in screen_text(app)
    with open_store(db) as store:
        assert store.answer_count() == 4
        (block,) = store.block_history("learner")
        assert (block.count, block.answered, block.mode) == (4, 4, "tutor")


async def test_timed_mode_no_feedback_one_record_per_question(make, db: Path) -> None:
    mono = Mono()
    app = practice_app(make, mono, count=3, mode="timed", seconds_per_question=60)
    async with app.run_test(size=(100, 32)) as pilot:
        await into_block(pilot)
        first = card(pilot).question.id
        await press(pilot, key_for(pilot, 1), "enter")  # wrong, and no feedback
        assert "Question 2 of 3" in screen_text(app)
        assert "Correct" not in screen_text(app) and "Not quite" not in screen_text(app)
        await press(pilot, "left")
        assert card(pilot).picked  # the answer kept, picked again
        await press(pilot, key_for(pilot, 0), "enter")  # changed to the key
        mono.t += 42
        await press(pilot, "e")
        await wait_screen(pilot, "ConfirmModal")
        assert "Time left: 2:18" in screen_text(app)
        await press(pilot, "n")  # keep going
        await wait_screen(pilot, "PracticeScreen")
        await press(pilot, "e", "y")
        await wait_screen(pilot, "ReportScreen")
        assert "Score: 1 of 3 right (33%) · 1 answered" in screen_text(app)
    with open_store(db) as store:
        log = store.recent_answers("learner")
        assert [(r.question_id, r.correct) for r in log] == [(first, True)]  # once, final


async def test_the_timer_ends_the_block(make, db: Path) -> None:
    mono = Mono()
    app = practice_app(make, mono, count=2, mode="timed", seconds_per_question=30)
    async with app.run_test(size=(100, 32)) as pilot:
        await into_block(pilot)
        await press(pilot, key_for(pilot, 0), "enter")
        assert "Time left 1:00" in str(app.screen.query_one("#countdown").render())
        mono.t += 45
        await pilot.pause(0.4)
        assert "Time left 0:15" in str(app.screen.query_one("#countdown").render())
        mono.t += 20
        await wait_screen(pilot, "ReportScreen")
        assert "ended when the time ran out" in screen_text(app)
    with open_store(db) as store:
        (block,) = store.block_history("learner")
        assert block.answered == 1 and block.seconds == 60
        assert store.answer_count() == 1


async def test_flag_and_navigation(make, db: Path) -> None:
    app = practice_app(make, count=4, mode="timed")
    async with app.run_test(size=(100, 32)) as pilot:
        await into_block(pilot)
        await press(pilot, "f")
        assert "⚑ flagged" in screen_text(app)
        nav = app.screen.query_one(Navigator)
        assert nav.items[0].flagged
        await press(pilot, "right", "right")
        assert "Question 3 of 4" in screen_text(app)
        await press(pilot, "left")
        assert "Question 2 of 4" in screen_text(app)
        await press(pilot, "j")
        await wait_screen(pilot, "JumpDialog")
        await press(pilot, "down", "down", "enter")  # from question 2 to 4
        await wait_screen(pilot, "PracticeScreen")
        assert "Question 4 of 4" in screen_text(app)
        await pilot.click(Navigator, offset=(2, 0))  # the first cell
        await settle(pilot)
        assert "Question 1 of 4" in screen_text(app)
        await press(pilot, "f", "f")  # unflag, flag again
    with open_store(db) as store:
        assert len(store.flagged_questions("learner")) == 1
        block = store.unfinished_block("learner")
        assert block is not None and block.questions[0].flagged and block.position == 0


async def test_resume_after_a_kill(make, db: Path, tmp_path: Path) -> None:
    """The files as a kill leaves them (copied mid-block, nothing closed): the block
    comes back with its answers, its flag and the time it had left."""
    mono = Mono()
    app = practice_app(make, mono, count=4, mode="timed", seconds_per_question=60)
    killed = tmp_path / "killed.sqlite3"
    async with app.run_test(size=(100, 32)) as pilot:
        await into_block(pilot)
        mono.t += 50
        await press(pilot, key_for(pilot, 0), "enter")
        await press(pilot, "f")
        mono.t += 7  # not saved: lost in the kill
        await press(pilot, "1")  # picked, not submitted
        await settle(pilot)
        for suffix in ("", "-wal"):
            source = db.with_name(db.name + suffix)
            if source.exists():
                shutil.copyfile(source, killed.with_name(killed.name + suffix))
    again = practice_app(make, Mono(), count=1, db=killed)
    async with again.run_test(size=(100, 32)) as pilot:
        await wait_screen(pilot, "PracticeScreen")
        text = screen_text(again)
        assert "Question 2 of 4" in text and "1 answered" in text and "⚑ flagged" in text
        assert "Time left 3:10" in str(again.screen.query_one("#countdown").render())  # 240 - 50
        assert not card(pilot).picked  # the unsubmitted pick is gone
        await press(pilot, "left")
        assert card(pilot).picked  # the saved answer is back


async def test_report_review_and_history(make, db: Path) -> None:
    app = practice_app(make, count=3, mode="timed")
    async with app.run_test(size=(100, 40)) as pilot:
        await into_block(pilot)
        await press(pilot, key_for(pilot, 0), "enter", "f", "e", "y")
        await wait_screen(pilot, "ReportScreen")
        text = screen_text(app)
        assert "1 of 3 right" in text and "1 flagged" in text and "By topic:" in text
        await press(pilot, "down", "enter")  # the second question: not answered
        await wait_screen(pilot, "PracticeScreen")
        text = screen_text(app)
        assert "Review" in text and "Not answered." in text and "Sources:" in text
        await press(pilot, "up")
        await press(pilot, "escape")
        await wait_screen(pilot, "ReportScreen")
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "p")
        await wait_screen(pilot, "ProgressScreen")
        await wait_for(pilot, lambda: "1/3 right" in screen_text(app), "the history")


async def test_pausing_keeps_the_block_for_later(make, db: Path) -> None:
    mono = Mono()
    app = practice_app(make, mono, count=2, mode="timed", seconds_per_question=60)
    async with app.run_test(size=(100, 32)) as pilot:
        await into_block(pilot)
        mono.t += 20
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        mono.t += 1000  # away from the block: not counted
        await press(pilot, "b")
        await wait_screen(pilot, "BuilderScreen")
        await wait_for(pilot, lambda: "unfinished block" in screen_text(app), "the offer")
        assert "0 of 2 answered, 1:40 left" in screen_text(app)
