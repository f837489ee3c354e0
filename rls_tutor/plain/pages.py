"""The plain mode's smaller pages: progress, the glossary, the notice, the settings."""

from __future__ import annotations

from rls_tutor.content.text import reflow
from rls_tutor.plain.console import Console
from rls_tutor.progress.mastery import TopicProgress
from rls_tutor.progress.report import clip, percent
from rls_tutor.session.glossary import search, shows_detail
from rls_tutor.session.learner import TRACKS, track
from rls_tutor.session.learning import Session

BACK = "Press Enter to go back to the menu (h for help, q to quit)"
RECENT = 8  # answers listed under the progress
TERMS_SHOWN = 12  # glossary terms printed for one search


def progress(console: Console, session: Session) -> None:
    store = session.store
    topics = store.topic_progress(session.learner, session.course, session.audience, session.now())
    console.heading(f"Progress of {session.learner}, {track(session.audience).name}")
    for topic in topics:
        console.line(topic_line(topic))
    console.line("")
    recent = store.recent_answers(session.learner, limit=RECENT)
    if not recent:
        console.say("No answers yet.")
    else:
        console.line("Your latest answers:")
        questions = session.course.questions
        for record in recent:
            when = record.answered_at.astimezone().strftime("%Y-%m-%d %H:%M")
            found = questions.get(record.question_id)
            stem = " ".join((found.stem if found else record.question_id).split())
            verdict = "right" if record.correct else "wrong"
            console.line(f"{when}, {verdict}: {clip(stem, 90)}")
        console.line("")
    console.ask(BACK)


def topic_line(topic: TopicProgress) -> str:
    if not topic.seen:
        return f"{topic.title}: {topic.level}; {topic.total} questions."
    parts = [
        f"{topic.title}: {topic.level}, mastery {round(100 * topic.mastery)}%",
        f"{topic.seen} of {topic.total} questions seen",
    ]
    if topic.attempts:
        parts.append(f"{percent(topic.correct, topic.attempts)} of answers right")
    if topic.due:
        parts.append(f"{topic.due} due for review")
    return "; ".join(parts) + "."


def glossary(console: Console, session: Session) -> None:
    """Search until the learner types nothing."""
    course = session.course
    console.heading("Glossary")
    while True:
        typed = console.ask(
            "Search the glossary: type a word, then Enter (Enter alone goes back; h for help)",
            [("a word", "the terms that match it"), ("Enter", "go back")],
            commands=False,
        )
        if not typed:
            return
        found = search(course.glossary, typed)
        if not course.glossary:
            console.say("This course has no glossary.")
            return
        if not found:
            console.say(f"No term matches “{typed}”.")
        for term in found[:TERMS_SHOWN]:
            lines = [term.term + ": " + reflow(term.definition)]
            if term.detail and shows_detail(term, session.audience):
                lines.append(reflow(term.detail))
            lines.append("Source: " + "; ".join(course.source_titles(term.sources)))
            console.say("\n".join(lines))
        if len(found) > TERMS_SHOWN:
            more = len(found) - TERMS_SHOWN
            console.say(f"...and {more:,} more: type more words to narrow the list.")


def notice(console: Console, session: Session) -> None:
    course = session.course
    console.heading(course.title)
    console.say(reflow(course.notice))
    console.line("Sources:")
    for source in course.sources.values():
        console.line(f"- {source.title} (for {source.audience}s)")
    console.line("")
    console.ask(BACK)


def settings(console: Console, session: Session) -> None:
    """The track and the "how sure" question; each change is saved at once."""
    while True:
        console.heading(f"Settings of {session.learner}")
        mine = track(session.audience)
        asking = "yes" if session.ask_certainty else "no"
        console.say(
            f"Track: {mine.title}, {mine.brief}.",
            f"Ask how sure you are after each answer: {asking}.",
        )
        for number, choice in enumerate(TRACKS, start=1):
            console.line(f"{number}. Track: {choice.title}, {choice.brief}")
        toggle = len(TRACKS) + 1
        verb = "Stop asking" if session.ask_certainty else "Ask"
        console.line(f"{toggle}. {verb} how sure I am (a lucky guess then counts less)")
        console.line("")
        typed = console.ask(
            "Type a number, then Enter (Enter alone goes back; h for help, q to quit)",
            [(f"1 to {toggle}", "change that setting"), ("Enter", "go back")],
        )
        if not typed:
            return
        if typed == str(toggle):
            session.set_ask_certainty(not session.ask_certainty)
        elif typed.isdigit() and 1 <= int(typed) <= len(TRACKS):
            chosen = TRACKS[int(typed) - 1]
            if chosen.audience != session.audience:
                session.set_audience(chosen.audience)
                console.line("Track changed: lessons, checks and reviews follow it now.")
        else:
            console.line(f"Type a number from 1 to {toggle}, or Enter to go back.")
