"""Item analysis across a class: how each question performs, from first attempts.

Pure computation over `Response` records (no database, no UI): `items.py` gives
facility, discrimination, option picks by score group and flags per question, and
a KR-20 reliability estimate per topic.
"""
