"""One SQLite connection shared by threads: the lock, the transactions, the errors.

Every write is one `BEGIN IMMEDIATE` transaction: a deferred BEGIN that reads
first and writes later fails at once with "database is locked" when another
window wrote in between, whereas IMMEDIATE takes the write lock up front and
waits (busy_timeout) for the other window instead. Any SQLite failure reaches
callers as a `StoreError` naming the file, and so does a value read back from a
row that is not what the store wrote (values.py): parse rows inside `_guard()`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from rls_tutor.progress.errors import DamagedValue, classify, damaged_value


class Transactions:
    """The connection under a re-entrant lock (the TUI calls from worker threads)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0  # nesting of write transactions (batch() around record_answer)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """The lock, with SQLite errors and damaged values turned into a StoreError
        naming the file (errors.classify decides which kind)."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise classify(exc, self.path) from exc
            except DamagedValue as exc:
                raise damaged_value(self.path, exc) from exc

    @contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; writes inside it (e.g. many record_answer) join it."""
        with self._guard() as conn:
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (e.g. disk full): don't mask the cause.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot over several SELECTs (joins an open write)."""
        with self._guard() as conn:
            if self._depth:
                yield conn
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
