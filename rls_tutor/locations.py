"""Where the tutor's data lives. Nothing here creates files or folders.

The database defaults to the platform's user data folder; `RLS_TUTOR_DB` (or
`--db`) overrides it, and the tests always set one so the learner's real
progress is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rls-tutor"
ENV_DB = "RLS_TUTOR_DB"
ENV_CONTENT = "RLS_TUTOR_CONTENT"
DB_FILENAME = "progress.sqlite3"


def default_db_path() -> Path:
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def bundled_course_root() -> Path:
    """The course shipped with the package, or the checkout's own in development."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_course"
    if (installed / "lessons").is_dir():
        return installed
    return package_dir.parent


def default_course_root() -> Path:
    override = os.environ.get(ENV_CONTENT)
    return Path(override).expanduser() if override else bundled_course_root()
