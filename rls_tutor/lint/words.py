"""The words the lint looks at: hedges, absolutes, content words and their stems."""

from __future__ import annotations

import re
from functools import lru_cache


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


HEDGES = _word_set("""
    may might can could possibly probably likely appear appears appeared seem seems seemed
    suggest suggests suggested some often usually sometimes partly partially tend tends
    thought believed perhaps potentially somewhat
""")
ABSOLUTES = _word_set("""
    only never always all none every entirely completely solely alone purely exclusively
    totally permanently cannot must nothing impossible guaranteed certainly wholly
""")
# Function words, and "rls", which every item of this course shares: they say nothing
# about whether two texts talk about the same thing.
STOPWORDS = (
    _word_set("""
    a an the and or but nor of in on at to for from by with without into onto over under
    about above below between through during before after than then so as is are was were be
    been being am do does did done has have had having it its it's this that these those there
    their they them he she his her him we our you your who whom whose which what when where
    why how not no yes if because while also more most less least much many very such
    other another same each both either neither one two three four out up down off
    i me my would will shall should rls
""")
    | HEDGES
    | ABSOLUTES
)

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stem: enough for 'dopamine' to meet 'dopaminergic' and 'legs' 'leg'."""
    word = word.replace("’", "'").split("'")[0]
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2)


def hedges_in(text: str) -> list[str]:
    return [w for w in words(text) if w in HEDGES]


def absolutes_in(text: str) -> list[str]:
    return [w for w in words(text) if w in ABSOLUTES]
