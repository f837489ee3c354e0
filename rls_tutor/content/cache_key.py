"""Where the course cache lives and the key that says whether it is still valid."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from rls_tutor import __version__

FORMAT = 1
SUFFIXES = (".yaml", ".yml")


def course_key(root: Path) -> str:
    """Changes whenever any course file is added, removed, resized or touched."""
    parts = [f"rls-tutor {__version__} cache {FORMAT}", str(root.resolve())]
    for folder in ("lessons", "quizzes"):
        directory = root / folder
        if not directory.is_dir():
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.endswith(SUFFIXES):
                stat = entry.stat()
                parts.append(f"{folder}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cache_file_for(root: Path, cache_dir: Path) -> Path:
    """One cache file per course folder."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"course-{name}.json"
