"""Which files of a course folder are read: one decision for every reader.

`rls-tutor check`, the tutor's loader and the course cache's key all list a course
folder through `scan`, so they agree on what is read and what is skipped. A YAML file
in `lessons/` or `quizzes/` is read only when

- its name is valid UTF-8 text (a name that is not cannot be shown or cached),
- it is not a link that leads out of the course folder (`/etc/shadow` stays unread),
- it exists (a broken link is reported, never a `FileNotFoundError`),
- it is a regular file (a named pipe would block the tutor, a device never ends),
- and its size, taken with `stat` *before* reading, is at most `MAX_BYTES`.

Every other file is skipped with a message; the loader turns each into an error at
`path:1:1`. `read_file` then reads an accepted file once, through the descriptor it
opened, and checks the same rules again with `fstat`, so a file swapped between the
listing and the read is refused, never followed. Names that start with a dot (editor
lock files, macOS `._` files) are not course files and are passed over in silence.

Nothing here imports pydantic or PyYAML: the cache key runs on every start-up.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024
COURSE_FILE = "course.yaml"  # in lessons/: the title, notice, sources and topics
SUFFIXES = (".yaml", ".yml")
FOLDERS = ("lessons", "quizzes")

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a pipe swapped in after the listing cannot block
    | getattr(os, "O_NOFOLLOW", 0)  # nor can a link swapped in for the checked file
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class CourseFileEntry:
    """A file that may be read."""

    name: str  # as listed in its folder
    rel: str  # "lessons/01-iron.yaml": relative to the course folder
    path: Path  # as listed (a link keeps its own name): what an author is shown
    real: Path  # the link resolved: what is opened
    size: int
    mtime_ns: int
    ctime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) that is not read, and why."""

    name: str
    rel: str
    path: Path
    message: str


@dataclass
class Listing:
    files: list[CourseFileEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class Unreadable(Exception):
    """An accepted file that could not be read after all; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def as_text(text: str) -> str:
    """`text` with the bytes of a name that were not valid UTF-8 shown as `\\xNN`."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # undecodable bytes of a file name arrive as surrogates (PEP 383)
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_text(name: str) -> bool:
    """Whether a file name is valid text (it holds no surrogates from undecodable bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_path(path: Path | str) -> str:
    """Relative to the working folder when inside it, so editors can jump to it; bytes
    of the name that are not UTF-8 shown as `\\xNN` (other controls are escaped where
    the text is printed)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return as_text(str(path) if rel.startswith("..") else rel)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def stat_problem(st: os.stat_result) -> str | None:
    """Why a file with this status is not read, or None."""
    if not stat.S_ISREG(st.st_mode):
        return f"{_kind(st.st_mode)}, not a regular file: only YAML text files are read"
    if st.st_size > MAX_BYTES:
        return f"the file is {st.st_size:,} bytes; the limit is {MAX_BYTES:,}: split it up"
    return None


def _under_root(path: Path, root_real: Path) -> str:
    """`path` (resolved) as shown in a message: relative to the course folder if inside."""
    if path.is_relative_to(root_real):
        return as_text(path.relative_to(root_real).as_posix())
    return as_text(str(path))


def _resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        return None


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # cannot tell: resolve it to be sure
        return True


def scan(root: Path, folder: str) -> Listing:
    """The YAML files of `root/folder` that may be read, and those skipped (sorted by name).

    A missing folder lists nothing: the loader says what is missing."""
    listing = Listing()
    base = Path(root) / folder
    if not base.is_dir():
        return listing
    root_real = _resolve(Path(root))
    base_real = _resolve(base)

    def skip(name: str, path: Path, message: str) -> None:
        rel = f"{folder}/{name}" if name else folder
        listing.skipped.append(Skipped(name, rel, path, message))

    if root_real is None or base_real is None:
        skip("", base, "a link that leads in a loop: fix or remove it")
        return listing
    if not base_real.is_relative_to(root_real):
        shown = _under_root(base_real, root_real)
        skip("", base, f"a link to {shown}, outside the course folder: not followed")
        return listing
    try:
        with os.scandir(base) as found:
            names = sorted((e.name, _is_link(e)) for e in found)
    except OSError as exc:
        skip("", base, f"cannot list the folder: {exc.strerror or exc}")
        return listing
    for name, link in names:
        if name.startswith(".") or not name.endswith(SUFFIXES):
            continue
        path = base / name
        rel = f"{folder}/{name}"
        if not is_text(name):
            skip(name, path, "the file name is not valid UTF-8 text: rename the file")
            continue
        # Only a link can lead elsewhere: other names are resolved by their folder's path.
        real = _resolve(path) if link else base_real / name
        if real is None:
            skip(name, path, "a link that leads in a loop: fix or remove it")
            continue
        if not real.is_relative_to(root_real):
            shown = _under_root(real, root_real)
            skip(name, path, f"a link to {shown}, outside the course folder: not followed")
            continue
        try:
            st = os.stat(real)
        except FileNotFoundError:
            if link:
                shown = _under_root(real, root_real)
                skip(name, path, f"a broken link: its target {shown} does not exist")
            else:
                skip(name, path, "the file disappeared while the folder was read")
            continue
        except OSError as exc:
            skip(name, path, f"cannot read the file: {exc.strerror or exc}")
            continue
        problem = stat_problem(st)
        if problem:
            skip(name, path, problem)
            continue
        listing.files.append(
            CourseFileEntry(name, rel, path, real, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        )
    return listing


def read_file(entry: CourseFileEntry) -> bytes:
    """The bytes of an accepted file, read once through one descriptor; `Unreadable`
    when the file changed into something `scan` would have refused, or cannot be read."""
    try:
        fd = os.open(entry.real, _OPEN_FLAGS)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        problem = stat_problem(os.fstat(fd))
        if problem:
            raise Unreadable(problem)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:  # the file may grow after fstat: never read past the cap
            chunk = os.read(fd, min(_CHUNK, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise Unreadable(f"the file is over {MAX_BYTES:,} bytes (the limit): split it up")
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
