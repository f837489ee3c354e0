"""What kind of file a path is: a FIFO or a device in place of the database (or of
its `-journal`, `-wal`, `-shm` beside it) would block SQLite for ever.

Standard library only: the start-up glance (peek.py) uses it before the heavy imports.
"""

from __future__ import annotations

import stat
from pathlib import Path

# Files SQLite opens beside the database.
SIDE_FILES = ("-journal", "-wal", "-shm")


def kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def with_side_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + side) for side in SIDE_FILES)]


def irregular(path: Path) -> tuple[Path, str] | None:
    """The first of the database and its side files that exists and is not a regular
    file, with its kind; None if there is none. Symbolic links are followed; a file
    that cannot be examined raises OSError."""
    for file in with_side_files(path):
        try:
            mode = file.stat().st_mode
        except FileNotFoundError:
            continue
        found = kind(mode)
        if found is not None:
            return file, found
    return None
