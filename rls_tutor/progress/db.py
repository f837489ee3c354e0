"""Opening the progress file safely: check, back up, migrate, never clobber.

Order matters: everything that can refuse a file (not SQLite, another
program's database, a newer schema, a failed `quick_check`) runs before the
first write, so a refused file is left byte for byte as it was. Only then is
the journal switched to WAL and the schema migrated, after a backup.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
KEEP_BACKUPS = 5  # per kind (reset, v1, ...): older copies are pruned


def connect(path: Path, *, create_parent: bool = False) -> sqlite3.Connection:
    """An open, checked, migrated connection in autocommit mode (we BEGIN ourselves)."""
    _check_location(path, create_parent)
    _check_header(path)
    try:
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # no implicit transactions: writes use BEGIN IMMEDIATE
            check_same_thread=False,  # the store serializes access with its own lock
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}.") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _check_contents(conn, path)
        if 0 < version < CURRENT_VERSION:
            backup(conn, path, f"v{version}")
        _configure(conn, path)
        if version < CURRENT_VERSION:
            _migrate(conn, path)
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
            raise StoreError(f"cannot create the folder {folder}: {exc.strerror}.") from exc
    if path.is_dir():
        raise StoreError(f"cannot use {path}: it is a folder, not a database file.")
    # WAL needs to create `-wal` and `-shm` files beside the database.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot save {path}: the folder {folder} is read-only. Pass --db with a writable path."
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path} is read-only; rls-tutor needs to write your progress there.")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}.") from exc
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not an rls-tutor progress database (it is not an SQLite file). "
            "It was left untouched: move it away or pass --db with another path."
        )


def _check_contents(conn: sqlite3.Connection, path: Path) -> int:
    """Read-only checks; returns the file's schema version."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} cannot be read as a database ({exc}). It was left untouched: "
            "restore a backup (the .bak files beside it) or move it away."
        ) from exc
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
        raise StoreError(
            f"{path} is damaged (SQLite quick_check: {_first_line(problems)}). It was left "
            "untouched: restore a backup (the .bak files beside it) or move it away."
        )
    return int(version)


def _first_line(problems: list[str]) -> str:
    lines = [line.strip() for text in problems for line in text.splitlines()]
    return next((line for line in lines if line and not line.startswith("***")), "failed")


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")  # an answer acknowledged is on disk
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write to {path}: {exc}.") from exc
    # The pragma answers with the mode it got; WAL can be refused (e.g. no
    # shared memory on some network drives), and then two open windows would
    # block each other, so say so rather than run degraded.
    if str(mode).lower() != "wal":
        raise StoreError(
            f"{path} cannot use SQLite's WAL journal (got {mode!r}); "
            "is it on a network drive? Pass --db with a local path."
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
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
                    raise sqlite3.IntegrityError(f"{len(broken)} rows fail foreign keys")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(
            f"could not upgrade {path} to schema version {CURRENT_VERSION} ({exc}); "
            "nothing was changed."
        ) from exc


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
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
        raise StoreError(f"could not back up {path} to {target}: {exc}.") from exc
    _prune(path, label)
    return target


def _prune(path: Path, label: str) -> None:
    copies = sorted(
        path.parent.glob(f"{path.name}.{label}-*.bak"), key=lambda p: (p.stat().st_mtime, p.name)
    )
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
