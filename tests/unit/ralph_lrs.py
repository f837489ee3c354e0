"""Ralph's LRS on its file backend, for tests/unit/test_lrs_sync.py.

    python tests/unit/ralph_lrs.py HOST PORT

The process Ralph's docs start (`uvicorn ralph.api:app`, one worker; `ralph runserver`
adds a file-watching reloader and a second process), configured by the environment:
RALPH_RUNSERVER_BACKEND=fs, RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH,
RALPH_AUTH_FILE (written by `ralph auth`).

One change: Ralph's file LRS backend (5.1) writes every POST with the operation type
CREATE into the same file (fs_lrs.jsonl), so any POST after the first fails with a 500
("already exists and overwrite is not allowed"); an LRS that takes one request in its
life cannot show batches or a second sync. The backend can append, so APPEND is made
its default. Everything else (authentication, validation, the check for statements
already stored, paging) is Ralph's own.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


def main(host: str, port: int) -> None:
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=host, port=port, workers=1, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
