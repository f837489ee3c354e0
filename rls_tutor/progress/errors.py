"""The errors the user sees from the progress layer, classified by cause in one place.

A locked file, a full disk or a failing drive is *operational*: the file is
fine, and the message says "busy" or "full", never "damaged" (a learner told
to move a healthy file away loses their progress). Only a failed
`quick_check`, a wrong header, a schema that cannot be read or is missing a
table or column, and a value in a row that is not what the store wrote are
damage. `classify()` and `classify_os_error()` are the only places that decide.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

RESTORE = "It was left untouched: restore a backup (the .bak files beside it) or move it away."


class StoreError(Exception):
    """A problem the user must act on.

    `str(e)` is a clear one- or two-sentence message naming the file; the CLI
    prints it as `rls-tutor: error: <message>` and the TUI in a dialog, never as
    a traceback. The subclasses say why, for callers that care.
    """


class BusyError(StoreError):
    """Another process holds the file's lock (SQLITE_BUSY, SQLITE_LOCKED): try again."""


class DiskFullError(StoreError):
    """No space left for the file or its journal (SQLITE_FULL, ENOSPC)."""


class AccessError(StoreError):
    """The file cannot be read or written: I/O error, read-only, no permission."""


class DamagedError(StoreError):
    """The file is not a readable rls-tutor database: the only kind that says "damaged"."""


class DamagedValue(Exception):
    """A value read back from a row is not what the store writes there.

    Raised by the parsers in values.py, which do not know the file; the store
    turns it into a `DamagedError` naming the file (`damaged_value()`).
    """

    def __init__(self, column: str, value: object, expected: str) -> None:
        shown = repr(value)  # repr: a control character in the value stays visible text
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(f"{column} holds {shown}, which is not {expected}")


def damaged_value(path: Path, exc: DamagedValue, then: str = "") -> DamagedError:
    """`then`, e.g. ", so it cannot be upgraded", says what the damage stopped."""
    return DamagedError(f"{path} has a damaged value ({exc}){then}. {RESTORE}")


def damaged(path: Path, what: str, then: str = "") -> DamagedError:
    return DamagedError(f"{path} is damaged ({what}){then}. {RESTORE}")


_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_ACCESS = {
    sqlite3.SQLITE_IOERR: "an input/output error: check the disk or drive it is on",
    sqlite3.SQLITE_READONLY: "it is read-only; rls-tutor needs to write your progress there",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_CANTOPEN: "it cannot be opened: check that it and its folder are readable "
    "and writable",
    sqlite3.SQLITE_NOLFS: "the file system does not support large files",
    sqlite3.SQLITE_PROTOCOL: "the file locks do not work there (a network drive?)",
    sqlite3.SQLITE_NOMEM: "out of memory",
}


def busy(path: Path) -> BusyError:
    return BusyError(
        f"{path} is busy: another rls-tutor is using it. "
        "Try again when it has finished; nothing was changed."
    )


def disk_full(path: Path) -> DiskFullError:
    return DiskFullError(
        f"cannot save to {path}: the disk is full. Free some space and try again; "
        "nothing was changed."
    )


def classify(exc: sqlite3.Error, path: Path) -> StoreError:
    """The `StoreError` subclass and message for an SQLite error on `path`.

    By SQLite's primary result code (`sqlite_errorcode & 0xFF`), never by the
    message text. An error raised without a code (sqlite3's own ProgrammingError,
    or one made in Python) is a plain `StoreError` that quotes it.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None)
    detail = f"{exc}, {name}" if name else str(exc)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _BUSY:
        return busy(path)
    if primary == sqlite3.SQLITE_FULL:
        return disk_full(path)
    if primary in _DAMAGE:
        return DamagedError(f"{path} cannot be read as a database ({detail}). {RESTORE}")
    if primary in _ACCESS:
        return AccessError(f"cannot use {path}: {_ACCESS[primary]} ({detail}).")
    return StoreError(f"cannot use {path}: {detail}.")


def classify_os_error(exc: OSError, path: Path, doing: str = "use") -> StoreError:
    """The same for an `OSError` met while checking or creating the file or its folder."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(path)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO):
        return AccessError(f"cannot {doing} {path}: {reason}.")
    return StoreError(f"cannot {doing} {path}: {reason}.")
