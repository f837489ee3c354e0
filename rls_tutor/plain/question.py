"""A question, line by line: the stem, numbered options, the answer typed as numbers,
the "how sure" question if the learner's setting asks it, then the feedback with every
option's rationale. The decisions are the session's (`Showing`, and `CheckShowing` for
a lesson's checks); this reads and writes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rls_tutor.content.text import reflow
from rls_tutor.plain.console import Console, Keys
from rls_tutor.progress.errors import StoreError
from rls_tutor.session.answering import CERTAINTY, Feedback, PickProblem, Showing
from rls_tutor.session.check_answers import CheckShowing

Outcome = Literal["answered", "skip", "back", "home", "retry"]
# What else can be typed at a question, by where it is asked.
LESSON_KEYS: Keys = (
    ("s", "skip this check"),
    ("b", "back to the previous screen"),
    ("m", "the menu (home)"),
)
REVIEW_KEYS: Keys = (("s", "skip this question"), ("m", "end the review (home)"))
RETRY_KEYS: Keys = (("r", "answer this check again (recorded as a retry)"),)
MOVES: dict[str, Outcome] = {"s": "skip", "b": "back", "m": "home", "r": "retry"}

_ANSWER = re.compile(r"[\d\s,;]+")


@dataclass(frozen=True)
class Asked:
    outcome: Outcome
    topic_id: str
    feedback: Feedback | None = None  # the feedback read (on an answer, or shown again)
    recorded: bool = False  # an answer was recorded this time


def numbers(typed: str, count: int) -> list[int] | None:
    """The option numbers in what was typed ("2", "1 3", "1,3", or "13" when there are
    at most 9 options); None if it is not a list of numbers."""
    if not _ANSWER.fullmatch(typed):
        return None
    found: list[int] = []
    for token in re.findall(r"\d+", typed):
        if len(token) > 1 and count <= 9:
            found.extend(int(digit) for digit in token)
        else:
            found.append(int(token))
    return found


def ask(
    console: Console,
    showing: Showing,
    *,
    heading: str,
    keys: Keys,
    after: Keys = (),
) -> Asked:
    """Ask the question until it is answered and the feedback read, or the learner moves
    on with one of `keys` (keys of `MOVES`); `after` are the keys offered on the
    feedback besides Enter. A lesson's check already answered in this pass through the
    lesson (`CheckShowing.recorded`) is not asked: its answer and feedback show again."""
    console.heading(heading)
    _show_question(console, showing)
    if isinstance(showing, CheckShowing) and showing.recorded is not None:
        console.say(CheckShowing.REVISIT_NOTE)
        return _read_feedback(console, showing, showing.reveal(), after, recorded=False)
    showing.restart_clock()
    count = showing.count
    if showing.multiple:
        prompt = (
            f"Select all that apply: type their numbers (1 to {count}), such as 1 3, then Enter"
        )
        answer_key = ("numbers, such as 1 3", "your answer: every option that applies")
    else:
        prompt = f"Answer 1 to {count}, then Enter"
        answer_key = (f"1 to {count}", "your answer")
    prompt += " (h for help, q to quit)"
    all_keys: Keys = [answer_key, ("r", "read the question again"), *keys]
    moves = {key for key, _ in keys}
    while True:
        typed = console.ask(prompt, all_keys)
        word = typed.casefold()
        if word in moves:
            return Asked(MOVES[word], showing.topic_id)
        if word == "r":
            _show_question(console, showing)
            continue
        picked = numbers(typed, count) if typed else []
        if picked is None:
            console.line(f"Type a number from 1 to {count}, then Enter.")
            continue
        problem = showing.choose(picked)
        if problem is not None:
            console.line(_problem(problem, picked, showing))
            continue
        if showing.submit() == "sure":
            _ask_sure(console, showing)
        try:
            feedback = showing.record()
        except StoreError as exc:
            showing.failed()
            console.say(f"Your answer was not saved: {exc}", "Type your answer again to retry.")
            continue
        return _read_feedback(console, showing, feedback, after, recorded=True)


def _show_question(console: Console, showing: Showing) -> None:
    console.say(reflow(showing.question.stem))
    if showing.multiple:
        console.line("Select all that apply.")
    for number, text in enumerate(showing.options, start=1):
        console.line(f"{number}. {reflow(text)}")
    console.line("")


def _ask_sure(console: Console, showing: Showing) -> None:
    """The "how sure" question, asked until it is answered."""
    choices = ", ".join(f"{key} {meaning}" for key, meaning, _ in CERTAINTY)
    keys = [(str(key), f"I am {meaning}") for key, meaning, _ in CERTAINTY]
    while True:
        typed = console.ask(f"How sure are you? {choices}; then Enter (h for help)", keys)
        if typed.isdigit() and showing.be_sure(int(typed)):
            return
        console.line(f"Type {' or '.join(str(key) for key, _, _ in CERTAINTY)}, then Enter.")


def _problem(problem: PickProblem, picked: list[int], showing: Showing) -> str:
    count = showing.count
    if problem == "range":
        wrong = ", ".join(str(n) for n in picked if not 1 <= n <= count)
        return f"There is no option {wrong}: type a number from 1 to {count}."
    if problem == "one":
        return f"This question has one best answer: type one number from 1 to {count}."
    if showing.multiple:
        return f"Type the number of every option that applies (1 to {count}), then Enter."
    return f"Choose an answer first: type a number from 1 to {count}, then Enter."


def _read_feedback(
    console: Console, showing: Showing, feedback: Feedback, after: Keys, *, recorded: bool
) -> Asked:
    if isinstance(showing, CheckShowing) and showing.retry:
        console.say("Answered again: recorded as a retry.")
    show_feedback(console, feedback)
    hint = "".join(f"{key} to {meaning.split(' (')[0]}, " for key, meaning in after)
    typed = console.ask(
        f"Press Enter to continue ({hint}h for help, q to quit)", [("Enter", "go on"), *after]
    ).casefold()
    outcome = MOVES.get(typed) if typed in {key for key, _ in after} else None
    return Asked(outcome or "answered", showing.topic_id, feedback, recorded)


def show_feedback(console: Console, feedback: Feedback) -> None:
    """The verdict, the correct answer, every option's rationale (those chosen or correct
    first, then the others), the explanation and the sources."""
    console.say(feedback.verdict + " " + feedback.answer)
    others = False
    for rationale in feedback.explained:
        if not (others or rationale.chosen or rationale.correct):
            others = True
            console.line("Other options:")
        console.say(f"{rationale.heading}\n{reflow(rationale.why)}")
    console.say(reflow(feedback.explanation), "Sources: " + "; ".join(feedback.sources))
