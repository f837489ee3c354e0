"""Opening the progress file safely: check, back up, migrate, never clobber.

Order matters: everything that can refuse a file (not a regular file, not
SQLite, another program's database, a newer schema, a failed `quick_check`, a
missing table or column) runs before the first write, so a refused file is
left byte for byte as it was. Then an older file is backed up and migrated in
one transaction, in the journal mode it already has, and only then switched to
WAL (see `connect()`). SQLite errors become `StoreError`s by cause
(errors.classify): a busy or full file is never called damaged.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from rls_tutor.progress import filekind
from rls_tutor.progress.errors import (
    AccessError,
    BusyError,
    DamagedValue,
    StoreError,
    classify,
    classify_os_error,
    damaged,
    damaged_value,
)
from rls_tutor.progress.schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# How long to wait for another rls-tutor's lock, in milliseconds (0 to 600000),
# read at each connect: tests of a locked file set it low in a child process.
ENV_BUSY_TIMEOUT = "RLS_TUTOR_BUSY_TIMEOUT_MS"
KEEP_BACKUPS = 5  # per kind (reset, v1, ...): older copies are pruned


def busy_timeout_ms() -> int:
    """`RLS_TUTOR_BUSY_TIMEOUT_MS` if it is a whole number in range, else the default."""
    raw = os.environ.get(ENV_BUSY_TIMEOUT, "").strip()
    if raw.isdigit() and int(raw) <= 600_000:
        return int(raw)
    return BUSY_TIMEOUT_MS


def connect(path: Path, *, create_parent: bool = False) -> sqlite3.Connection:
    """An open, checked, migrated connection in autocommit mode (we BEGIN ourselves)."""
    _check_location(path, create_parent)
    _check_header(path)
    timeout = busy_timeout_ms()
    try:
        conn = sqlite3.connect(
            path,
            timeout=timeout / 1000,
            isolation_level=None,  # no implicit transactions: writes use BEGIN IMMEDIATE
            check_same_thread=False,  # the store serializes access with its own lock
        )
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {timeout}")
            # Per connection, nothing written to the file: safe before the checks.
            conn.execute("PRAGMA synchronous = FULL")  # an answer acknowledged is on disk
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise classify(exc, path) from exc
        version = _check_contents(conn, path)
        # Migrate before switching to WAL, not after: the first write to the file
        # is then the migration's own transaction, so a migration that fails
        # half-way rolls back to the very same bytes (a damaged version 1 file is
        # refused as it was, not left switched to WAL). `_configure` runs on a
        # current, checked file only.
        if version < CURRENT_VERSION:
            _upgrade(conn, path, version)
        _configure(conn, path, timeout)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_location(path: Path, create_parent: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise StoreError(f"cannot use {path}: {folder} is not a folder.")
        if not create_parent:
            raise StoreError(
                f"cannot use {path}: the folder {folder} does not exist. "
                "Create it, or pass --db with another path."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify_os_error(exc, folder, "create the folder") from exc
    _check_regular(path)
    # WAL needs to create `-wal` and `-shm` files beside the database.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot save {path}: the folder {folder} is read-only. Pass --db with a writable path."
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path} is read-only; rls-tutor needs to write your progress there.")


def _check_regular(path: Path) -> None:
    """Refuse at once what is not a regular file: opening or reading a FIFO or a
    device (as the database or as its journal) would block for ever."""
    try:
        found = filekind.irregular(path)
    except OSError as exc:
        raise classify_os_error(exc, path) from exc
    if found is not None:
        file, kind = found
        what = f"it is {kind}" if file == path else f"{file.name} beside it is {kind}"
        raise StoreError(
            f"cannot use {path}: {what}, not a database file. "
            "It was left untouched: pass --db with another path."
        )


def _check_header(path: Path) -> None:
    # O_NONBLOCK, and the type checked again on the open file: if a FIFO took the
    # file's place since _check_location, the open neither blocks nor reads it.
    flags = os.O_RDONLY
    for extra in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):  # as the platform has
        flags |= getattr(os, extra, 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise classify_os_error(exc, path, "read") from exc
    try:
        kind = filekind.kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise StoreError(
                f"cannot use {path}: it is {kind}, not a database file. "
                "It was left untouched: pass --db with another path."
            )
        head = os.read(fd, len(SQLITE_HEADER))
    except OSError as exc:
        raise classify_os_error(exc, path, "read") from exc
    finally:
        os.close(fd)
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not an rls-tutor progress database (it is not an SQLite file). "
            "It was left untouched: move it away or pass --db with another path."
        )


def _check_contents(conn: sqlite3.Connection, path: Path) -> int:
    """Read-only checks, on one snapshot; returns the file's schema version."""
    try:
        # One read transaction: another rls-tutor creating the file meanwhile
        # must not be seen half-way (version 0 but tables: "another program").
        conn.execute("BEGIN")
        try:
            return _check_snapshot(conn, path)
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        # A locked file or a failing disk is not damage: classify says which.
        raise classify(exc, path) from exc


def _check_snapshot(conn: sqlite3.Connection, path: Path) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if app_id not in (0, APPLICATION_ID) or (version == 0 and tables):
        raise StoreError(
            f"{path} is an SQLite database of another program, not rls-tutor progress. "
            "It was left untouched: pass --db with another path."
        )
    if version > CURRENT_VERSION:
        raise StoreError(
            f"{path} was written by a newer rls-tutor (schema version {version}; this one "
            f"knows up to {CURRENT_VERSION}). Upgrade rls-tutor; the file was left untouched."
        )
    if problems != ["ok"]:
        raise damaged(path, f"SQLite quick_check: {_first_line(problems)}")
    _check_schema(conn, path, int(version))
    return int(version)


@cache
def expected_schema(version: int) -> dict[str, frozenset[str]]:
    """The tables and their columns at a schema version, from the migrations themselves
    (run on an empty in-memory database once per version), so the check cannot drift."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            step(mem)
        names = [r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: frozenset(
                r[0] for r in mem.execute("SELECT name FROM pragma_table_info(?)", (name,))
            )
            for name in names
        }
    finally:
        mem.close()


def _check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Every table and column the store (or the next migration) uses is there, or the
    file is refused now, before any write: otherwise a query fails later, half-way
    through a command (and `reset --yes` could delete from the tables that exist)."""
    for table, columns in sorted(expected_schema(version).items()):
        found = {r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))}
        if not found:
            raise damaged(path, f"schema version {version} without its table {table!r}")
        missing = sorted(columns - found)
        if missing:
            raise damaged(path, f"the table {table!r} has no column {missing[0]!r}")


def _first_line(problems: list[str]) -> str:
    lines = [line.strip() for text in problems for line in text.splitlines()]
    return next((line for line in lines if line and not line.startswith("***")), "failed")


def _configure(conn: sqlite3.Connection, path: Path, timeout_ms: int) -> None:
    # Switching to WAL takes an exclusive lock once, without SQLite's busy wait:
    # while another rls-tutor is reading the file (e.g. opening it too) it fails
    # at once with "database is locked". Retry for as long as busy_timeout would wait.
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            error = classify(exc, path)
            if not isinstance(error, BusyError) or time.monotonic() >= deadline:
                raise error from exc
            time.sleep(0.02)
        except sqlite3.Error as exc:
            raise classify(exc, path) from exc
    # The pragma answers with the mode it got; WAL can be refused (e.g. no
    # shared memory on some network drives), and then two open windows would
    # block each other, so say so rather than run degraded.
    if str(mode).lower() != "wal":
        raise StoreError(
            f"{path} cannot use SQLite's WAL journal (got {mode!r}); "
            "is it on a network drive? Pass --db with a local path."
        )


def _upgrade(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Back up an older file, then migrate it; on failure the file is as it was.

    The migration is one transaction, so a failure rolls back to the same bytes,
    and the backup taken for it (a copy of those bytes) is deleted again: each
    failed try would otherwise leave one more. Old backups are pruned only after
    a migration that worked, so a failed try never costs an older copy either.
    """
    copy = backup(conn, path, f"v{version}", prune=False) if version > 0 else None
    try:
        _migrate(conn, path)
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
    if copy is not None:
        _prune(path, f"v{version}")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    then = f", so it cannot be upgraded to schema version {CURRENT_VERSION}"
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            start = conn.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[start:]:
                step(conn)
            if start < CURRENT_VERSION:
                conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise damaged(path, f"{len(broken)} rows name a missing learner", then)
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (e.g. disk full): don't mask the cause.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except DamagedValue as exc:
        raise damaged_value(path, exc, then) from exc
    except sqlite3.Error as exc:
        error = classify(exc, path)
        if type(error) is StoreError:  # no more specific cause: say what failed
            error = StoreError(
                f"could not upgrade {path} to schema version {CURRENT_VERSION} ({exc}); "
                "nothing was changed."
            )
        raise error from exc


def backup(conn: sqlite3.Connection, path: Path, label: str, *, prune: bool = True) -> Path:
    """Copy the database beside itself with `Connection.backup()`; returns the copy's path.

    Not inside a write transaction of `conn`: sqlite3 would wait forever.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}.bak")
    try:
        dest = sqlite3.connect(target)
        try:
            conn.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        error = classify(exc, path)
        if type(error) in (StoreError, AccessError):  # the copy may be what failed
            error = type(error)(f"could not back up {path} to {target} ({exc}).")
        raise error from exc
    if prune:
        _prune(path, label)
    return target


def _prune(path: Path, label: str) -> None:
    copies = sorted(
        path.parent.glob(f"{path.name}.{label}-*.bak"), key=lambda p: (p.stat().st_mtime, p.name)
    )
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
