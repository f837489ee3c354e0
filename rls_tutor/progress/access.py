"""What the progress commands share: which file, which learner, which track, which course.

Learner: `--learner NAME`, else the learner the tutor last remembered, else
"learner". Track (audience): the learner's "audience" setting, else "patient".
"""

from __future__ import annotations

import os
from pathlib import Path

from rls_tutor.content.course import Course
from rls_tutor.content.model import AUDIENCES, Audience
from rls_tutor.escape import echo, printable
from rls_tutor.locations import ENV_DB, default_course_root, default_db_path
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.peek import DEFAULT_LEARNER
from rls_tutor.progress.store import ProgressStore

DEFAULT_AUDIENCE: Audience = "patient"


def open_store(db_option: object) -> ProgressStore:
    """The store at --db, else RLS_TUTOR_DB, else the user data folder.

    Only the default location's folder is created: a folder named by the user
    that does not exist is more likely a typo than a wish.
    """
    if db_option:
        return ProgressStore.open(Path(str(db_option)))
    create = not os.environ.get(ENV_DB)
    return ProgressStore.open(default_db_path(), create_parent=create)


def choose_learner(store: ProgressStore, explicit: object) -> str:
    if explicit:
        # Without regard to case, as the tutor matches names: --learner maria is Maria.
        name = str(explicit).strip()
        return store.find_learner(name) or name
    return store.last_learner() or DEFAULT_LEARNER


def audience_of(store: ProgressStore, learner: str) -> Audience:
    saved = store.get_setting(learner, "audience")
    return next((a for a in AUDIENCES if a == saved), DEFAULT_AUDIENCE)


def load_course(content_option: object) -> Course:
    """The course at --content (else the default course), or StoreError if none loads."""
    from rls_tutor.content.loader import load_course as load

    root = Path(str(content_option)) if content_option else default_course_root()
    if not root.is_dir():
        raise StoreError(f"{root} is not a folder (--content expects lessons/ and quizzes/).")
    course = load(root)
    if not course.topics:
        raise StoreError(
            f"no course could be loaded from {root} ({len(course.errors)} errors); "
            "run `rls-tutor check` to see them."
        )
    if course.errors:
        warn(
            f"the course in {root} has {len(course.errors)} errors (run `rls-tutor check`); "
            "the parts that loaded are used."
        )
    return course


def fail(message: str) -> int:
    """Print a user-facing error the way every command does; returns the exit status 1."""
    echo(printable(f"rls-tutor: error: {message}"), err=True)  # one line, always
    return 1


def warn(message: str) -> None:
    echo(printable(f"rls-tutor: warning: {message}"), err=True)
