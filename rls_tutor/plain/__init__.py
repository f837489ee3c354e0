"""`rls-tutor study --plain`: the tutor line by line, for screen readers, braille displays
and pipes (no full-screen drawing, no colour, no cursor movement).

A face over the session layer, like the TUI: `app.py` the start (notice, name, track)
and the menu, `lesson.py` a lesson's screens and checks, `question.py` one question,
`review.py` a review, `pages.py` progress, glossary, notice and settings,
`console.py` lines out (escaped) and lines in, `markdown.py` lesson Markdown as plain
paragraphs. No Textual, no Rich (an import-linter contract says so).
"""
