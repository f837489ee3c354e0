"""Writing a file whole or not at all.

A plain `Path.write_text` truncates the target first: a full disk or a crash halfway
leaves an empty or cut-off file where a good one stood. `write_atomically` writes a
temporary file in the same folder, flushes it to disk, then renames it over the
target, which is atomic on POSIX and Windows; on any error the temporary file is
removed and the target is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _new_file_mode(target: Path) -> int:
    """The target's own mode when it exists, else what a new file would get (umask)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _naming(exc: OSError, target: Path, tmp: str | None) -> OSError:
    """`exc`, or the same error naming `target` when it named nothing or the temp file."""
    if exc.errno is None or (exc.filename is not None and exc.filename != tmp):
        return exc
    return OSError(exc.errno, exc.strerror, str(target))  # the errno's own subclass


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` with `data`; raises OSError naming `target` on failure."""
    target = Path(target)
    try:
        mode = _new_file_mode(target)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _naming(exc, target, None) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the data is on disk before the name points at it
        with contextlib.suppress(NotImplementedError, OSError):  # not on every platform
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _naming(exc, target, tmp) from exc
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
