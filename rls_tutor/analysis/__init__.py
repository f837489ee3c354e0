"""Item analysis across a class: how each question performs, from first attempts.

Pure computation over `Response` records (no database, no UI): `items.py` gives
facility, discrimination, option picks by score group and flags per question, and
a KR-20 reliability estimate per topic (and track). `report.py` runs it against the
course and keeps the course's words beside the figures; `report_text.py`,
`report_data.py` (JSON, CSV) and `report_html.py` (one self-contained page) lay the
result out for `rls-tutor stats`.
"""
