"""The one error the user sees from the progress layer."""

from __future__ import annotations


class StoreError(Exception):
    """A problem the user must act on.

    `str(e)` is a clear one- or two-sentence message naming the file; the CLI
    prints it as `rls-tutor: error: <message>` and the TUI in a dialog, never as
    a traceback.
    """
