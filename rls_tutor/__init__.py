"""rls-tutor: a terminal tutor on the pathophysiology of Restless Legs Syndrome."""

__version__ = "0.1.0"
