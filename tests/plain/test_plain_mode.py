"""`rls-tutor study --plain`, tried as a learner would: through a pseudo-terminal, with
the real command, a fresh progress file and the fixture course.

The fixture course: lesson "alpha" (patient track: screen, check alpha-both, check
alpha-multi (select all), last screen) then lesson "beta" (screen, check beta-one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rls_tutor.content.loader import load_course
from rls_tutor.progress.store import ProgressStore

from .plain_helpers import FIXTURE_COURSE, Plain, control_characters, option_number

MakePlain = Callable[..., Plain]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plain.sqlite3"


@pytest.fixture
def plain(db: Path) -> Iterator[MakePlain]:
    runs: list[Plain] = []

    def start(*args: str) -> Plain:
        run = Plain(db, *args)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.close()


def first_run_to_the_lesson(run: Plain) -> str:
    """The notice, then Enter for the name and Enter for the track: the first screen."""
    welcome = run.prompt()
    assert "Welcome to Fixture course" in welcome
    assert "Educational material only, not medical advice." in welcome
    assert "Your name: type it, then Enter (Enter alone: learner;" in welcome
    run.send()
    tracks = run.prompt()
    assert "1. Patient or family: plain language, every term explained" in tracks
    assert "Answer 1 or 2, then Enter (Enter alone: 1;" in tracks
    run.send()
    return run.prompt()


def assert_clean(raw: bytes) -> None:
    assert b"\x1b" not in raw  # no escape sequence at all: no colour, no cursor movement
    assert control_characters(raw) == []


def answers_in(db: Path, learner: str = "learner") -> list[tuple[str, tuple[int, ...], bool]]:
    with ProgressStore.open(db) as store:
        records = store.recent_answers(learner, limit=100)
    return [(r.question_id, r.chosen, r.correct) for r in reversed(records)]


def progress_json(db: Path) -> dict[str, object]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rls_tutor",
            "progress",
            "--json",
            "--db",
            str(db),
            "--content",
            str(FIXTURE_COURSE),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report: dict[str, object] = json.loads(done.stdout)
    return report


def test_a_new_learner_goes_through_a_whole_lesson(plain: MakePlain, db: Path) -> None:
    run = plain()
    screen = first_run_to_the_lesson(run)
    assert "Alpha lesson, screen 1 of 4: First screen" in screen
    assert "Alpha patient text, screen one." in screen  # Markdown: no ** left
    assert "**" not in screen
    assert "Source: A patient article" in screen
    assert "Press Enter for the next screen (b back, m menu, h help, q quit)" in screen

    run.send()  # the first check: one best answer
    screen = run.prompt()
    assert "Alpha lesson, screen 2 of 4: check your understanding" in screen
    assert "Which answer is right?" in screen
    assert "Answer 1 to 3, then Enter (h for help, q to quit)" in screen
    run.send(option_number(screen, "A wrong answer"))
    feedback = run.prompt()
    assert "Not quite. Correct answer: " in feedback
    assert "The right answer (correct)" in feedback
    assert "A wrong answer (your choice, incorrect)" in feedback
    # every option's rationale, the explanation and the sources, as text
    for why in (
        "Why the right answer is right.",
        "Why this wrong answer is wrong.",
        "Why the other wrong answer is wrong.",
        "The explanation of alpha-both.",
        "Sources: A patient article",
    ):
        assert why in feedback
    assert answers_in(db) == [("alpha-both", (1,), False)]  # saved before the feedback

    run.send()  # the second check: select all that apply
    screen = run.prompt()
    assert "Which two answers are right?" in screen
    assert "Select all that apply: type their numbers (1 to 3)" in screen
    first, second = option_number(screen, "First right"), option_number(screen, "Second right")
    run.send(f"{second}, {first}")
    feedback = run.prompt()
    assert "Correct. Correct answers: " in feedback
    assert "First right (your choice, correct)" in feedback
    assert "Only wrong (incorrect)" in feedback

    run.send()
    screen = run.prompt()
    assert "Alpha lesson, screen 4 of 4: Last screen" in screen
    run.send()
    summary = run.prompt()
    assert "You have reached the end of “Alpha lesson”." in summary
    assert "Checks answered this time: 2, 1 right." in summary
    assert "Next lesson: Beta lesson." in summary
    run.send("q")
    assert run.wait() == 0
    assert "Goodbye: your progress is saved." in run.text
    assert_clean(bytes(run.raw))

    assert answers_in(db) == [("alpha-both", (1,), False), ("alpha-multi", (0, 1), True)]
    with ProgressStore.open(db) as store:
        position = store.position("learner", "alpha")
        assert position is not None and position.completed
        assert store.get_setting("learner", "audience") == "patient"
    report = progress_json(db)
    assert report["learner"] == "learner"
    topics = {t["id"]: t for t in report["topics"]}  # type: ignore[attr-defined]
    assert (topics["alpha"]["attempts"], topics["alpha"]["correct"]) == (2, 1)
    assert topics["alpha"]["seen"] == 2


def test_a_returning_learner_continues_where_they_stopped(plain: MakePlain, db: Path) -> None:
    run = plain()
    first_run_to_the_lesson(run)
    run.send()
    assert "Which answer is right?" in run.prompt()  # on the first check, not answered
    run.send("q")
    assert run.wait() == 0
    with ProgressStore.open(db) as store:
        position = store.position("learner", "alpha")
        assert position is not None and (position.step, position.completed) == (1, False)

    again = plain()  # no notice and no questions: the menu
    menu = again.prompt()
    assert "Welcome" not in menu
    assert "learner, patient track" in menu
    assert "c: continue Alpha lesson" in menu
    assert "1: Alpha lesson, Alpha topic, started" in menu
    assert "2: Beta lesson, Beta topic, not started" in menu
    again.send()  # Enter alone continues
    screen = again.prompt()
    assert "Alpha lesson, screen 2 of 4: check your understanding" in screen
    assert "Which answer is right?" in screen
    again.send(option_number(screen, "The right answer"))
    assert "Correct." in again.prompt()
    again.send("m")  # the feedback's prompt has no m: Enter goes on, to the next check
    screen = again.prompt()
    assert "Which two answers are right?" in screen
    again.send("m")  # the menu
    menu = again.prompt()
    assert "c: continue Alpha lesson" in menu
    again.send("q")
    assert again.wait() == 0
    assert_clean(bytes(again.raw))
    assert answers_in(db) == [("alpha-both", (0,), True)]


def test_review_asks_what_is_due(plain: MakePlain, db: Path) -> None:
    course = load_course(FIXTURE_COURSE)
    long_ago = datetime.now(UTC) - timedelta(days=60)
    with ProgressStore.open(db) as store:
        store.set_last_learner("Ada")
        store.set_setting("Ada", "audience", "patient")
        store.save_position("Ada", "alpha", 4, completed=True, now=long_ago)
        store.save_position("Ada", "beta", 1, completed=True, now=long_ago)
        for qid, topic in (("alpha-both", "alpha"), ("beta-one", "beta")):
            store.record_answer("Ada", course.questions[qid], topic, [0], now=long_ago)

    run = plain()
    menu = run.prompt()
    assert "Ada, patient track" in menu
    assert "r: Review: 2 due · 1 new" in menu
    run.send("r")
    answered = []
    for _ in range(3):
        screen = run.prompt()
        if "Review: done" in screen:
            break
        assert "Review, question " in screen
        if "Which answer is right?" in screen:
            run.send(option_number(screen, "The right answer"))
            answered.append("alpha-both")
        elif "Beta question?" in screen:
            run.send(option_number(screen, "Beta wrong"))
            answered.append("beta-one")
        else:  # alpha-multi: new, from a started topic
            run.send("s")
            continue
        assert "Press Enter to continue" in run.prompt()
        run.send()
    else:
        screen = run.prompt()
    assert sorted(answered) == ["alpha-both", "beta-one"]
    assert "Review: done" in screen
    assert "Session complete: 2 answered, 1 right." in screen
    run.send()
    assert "c: " in run.prompt()  # the menu again
    run.send("q")
    assert run.wait() == 0
    assert_clean(bytes(run.raw))
    with ProgressStore.open(db) as store:
        assert store.answer_count("Ada") == 4


def test_wrong_answers_are_explained_not_recorded(plain: MakePlain, db: Path) -> None:
    run = plain()
    first_run_to_the_lesson(run)
    run.send()
    run.prompt()
    run.send("1 2")  # one best answer
    assert "This question has one best answer: type one number from 1 to 3." in run.prompt()
    run.send("7")
    assert "There is no option 7: type a number from 1 to 3." in run.prompt()
    run.send()
    assert "Choose an answer first: type a number from 1 to 3" in run.prompt()
    run.send("yes")
    assert "Type a number from 1 to 3, then Enter" in run.prompt()
    run.send("h")
    keys = run.prompt()
    assert "1 to 3: your answer" in keys
    assert "s: skip this check" in keys
    assert "q: quit (your progress is saved as you go)" in keys
    run.send("s")  # skip: nothing recorded
    screen = run.prompt()
    assert "Which two answers are right?" in screen
    run.send("q")
    assert run.wait() == 0
    assert answers_in(db) == []


def test_how_sure_is_asked_when_the_setting_says_so(plain: MakePlain, db: Path) -> None:
    with ProgressStore.open(db) as store:
        store.set_last_learner("Ada")
        store.set_setting("Ada", "audience", "patient")
        store.set_setting("Ada", "ask_certainty", "1")
    run = plain()
    run.prompt()
    run.send("1")  # the first lesson, by number
    run.prompt()
    run.send()
    screen = run.prompt()
    run.send(option_number(screen, "The right answer"))
    assert "How sure are you? 1 sure, 2 not sure" in run.prompt()
    run.send("2")
    assert "Correct." in run.prompt()
    run.send("q")
    assert run.wait() == 0
    with ProgressStore.open(db) as store:
        (record,) = store.recent_answers("Ada")
    assert (record.correct, record.certain) == (True, False)


def test_the_end_of_input_quits_like_q(plain: MakePlain, db: Path) -> None:
    run = plain()
    first_run_to_the_lesson(run)
    run.send()
    screen = run.prompt()
    run.send(option_number(screen, "The right answer"))
    run.prompt()
    run.send_eof()
    assert run.wait() == 0
    assert answers_in(db) == [("alpha-both", (0,), True)]


def test_piped_input_and_output(db: Path) -> None:
    """No terminal at all: lines from a pipe, text into one; the end of input ends it."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rls_tutor",
            "--plain",  # the default command takes it too
            "--db",
            str(db),
            "--content",
            str(FIXTURE_COURSE),
            "--audience",
            "clinician",
        ],
        input="Grace\n\n\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert done.returncode == 0, done.stderr
    assert "Answer 1 or 2, then Enter (Enter alone: 2" in done.stdout  # --audience
    assert "Alpha clinician text, screen one." in done.stdout
    assert "Goodbye: your progress is saved." in done.stdout
    assert "\x1b" not in done.stdout + done.stderr
    with ProgressStore.open(db) as store:
        assert store.last_learner() == "Grace"
        assert store.get_setting("Grace", "audience") == "clinician"


def test_typed_escape_sequences_are_shown_not_obeyed(plain: MakePlain, db: Path) -> None:
    run = plain()
    assert "Your name: " in run.prompt()
    run.send("\x1b]52;c;aGVsbG8=\x07")  # a clipboard write, as a name
    assert "A name has letters, digits, spaces and punctuation only." in run.prompt()
    run.send("Ada")
    run.prompt()
    run.send("2")
    run.prompt()
    run.send("m")
    run.prompt()
    run.send("\x1b[2J")  # clear the screen, as a menu choice
    assert "Not a choice here: \\x1b[2J. Type h for the keys." in run.prompt()
    run.send("q")
    assert run.wait() == 0
    assert_clean(bytes(run.raw))  # the terminal echoes typed controls as ^[ and ^G


def test_the_glossary_from_a_lesson_screen(plain: MakePlain) -> None:
    run = plain()
    first_run_to_the_lesson(run)
    run.send("g")
    assert "Search the glossary: " in run.prompt()
    run.send("iron")
    found = run.prompt()
    assert "Ferritin: A protein that stores iron; blood tests measure it." in found
    assert "Source: A clinician summary" in found
    run.send("")  # back to the lesson screen's prompt
    assert "Press Enter for the next screen" in run.prompt()
    run.send("q")
    assert run.wait() == 0


def test_no_terminal_suggests_plain(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rls_tutor", "--content", str(FIXTURE_COURSE)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "the tutor needs a terminal" in done.stderr
    assert "rls-tutor study --plain" in done.stderr
