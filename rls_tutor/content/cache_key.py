"""Where the course cache lives and the key that says whether it is still valid."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rls_tutor import __version__
from rls_tutor.content.files import FOLDERS, scan

FORMAT = 2  # 2: problem paths are stored relative to the course folder


def _digest(text: str) -> str:
    # surrogatepass: a folder name that is not UTF-8 still hashes, never raises
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def course_key(root: Path) -> str:
    """Changes whenever any course file is added, removed, resized, touched, relinked or
    changes between read and skipped. The listing is `files.scan`, the loader's own."""
    parts = [f"rls-tutor {__version__} cache {FORMAT}", str(Path(root).resolve())]
    for folder in FOLDERS:
        listing = scan(root, folder)
        for entry in listing.files:
            parts.append(f"{entry.rel}:{entry.size}:{entry.mtime_ns}:{entry.ctime_ns}:{entry.real}")
        for skipped in listing.skipped:
            parts.append(f"{skipped.rel}:skipped:{skipped.message}")
    return _digest("\n".join(parts))


def cache_file_for(root: Path, cache_dir: Path) -> Path:
    """One cache file per course folder."""
    name = _digest(str(Path(root).resolve()))[:16]
    return cache_dir / f"course-{name}.json"
