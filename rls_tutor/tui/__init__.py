"""The terminal face of the tutor.

`make_app()` in app.py builds the app; screens/ and widgets/ hold the rest.
"""
