"""What a learner does, for every face (the TUI, the browser, the plain line mode).

Plain Python over `content` and `progress`, no Textual: `learning.py` holds the
session (course, store, learner, track; home figures, where to continue, where a
lesson opens, saving positions), `learner.py` the first run's choices (the tracks,
the name), `lesson_run.py` stepping through a lesson (the steps a track sees, the
position to save), `answering.py` one showing of a question (picks, the "how sure"
question, the answer recorded once, its feedback), `reviewing.py` a review session,
`glossary.py` the glossary search, `shuffle.py` how options are shuffled and mapped
back, `clock.py` the clock. A face only draws and reads keys: the TUI (tui/) and the
plain line mode (plain/) both drive these.
"""
