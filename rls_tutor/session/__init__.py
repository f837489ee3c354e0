"""What a learner does, for every face (the TUI, the browser, the plain line mode).

Plain Python over `content` and `progress`, no Textual: `learning.py` holds the
session (course, store, learner, track; home figures, where to continue, saving
positions), `shuffle.py` how options are shuffled and mapped back, `clock.py` the
clock. A face only draws and reads keys.
"""
