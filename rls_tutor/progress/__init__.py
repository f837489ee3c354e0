"""The learner's state: answers, lesson positions and FSRS cards in one SQLite file.

- store.py: `ProgressStore`, the API the TUI and the CLI use (plus records.py for
  the values it returns and errors.py for `StoreError`);
- db.py: opening a file safely (checks, WAL, backups, migrations), schema.py its
  versions, filekind.py the FIFO/device refusal; transactions.py: the lock and
  `BEGIN IMMEDIATE` writes; errors.py: every SQLite error classified by cause
  (busy, full, I/O, damaged); values.py: values read back from rows, checked;
- review.py: FSRS ratings and the review queue; mastery.py: mastery per topic;
  cards.py: the per-question summary both read; stats.py: instructor figures;
- access.py and report.py: what the `progress`, `reset` and `stats` commands share.

Nothing here imports `textual`, and importing any module opens no database and
writes nothing.
"""
