"""Fixtures shared by the unit tests of the session layer (see session_fixture.py)."""

from .session_fixture import session

__all__ = ["session"]
