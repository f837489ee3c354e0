"""Exports of the course and of learners' records, one module per format.

`anki` (an .apkg deck, through genanki), `gift` (Moodle's GIFT text). Each takes the
loaded course (and, for records, the progress store) and writes one file; none
imports a UI.
"""
