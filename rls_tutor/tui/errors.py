"""Failures of background work, handled in one place.

Workers run with `exit_on_error=False`; their `StateChanged` message does not
bubble, so every node that starts workers mixes this in, and the app shows the
error in a modal (see `TutorApp.report_error`) while staying alive.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    """Mixin for screens and widgets that run workers."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[object]) -> None:
        """Hook: undo whatever the screen was waiting for."""
