"""Item-writing flaws a single question can show, each at the stem or option it concerns.

Every rule yields `(path-in-question, rule, message)`; the runner turns the path into a
line and column. The rule ids are what an author lists under `lint: {allow: [...]}`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from rls_tutor.content.model import Question
from rls_tutor.content.rules import BANNED_OPTIONS
from rls_tutor.content.safe_yaml import Path_
from rls_tutor.lint.words import STOPWORDS, absolutes_in, content_stems, hedges_in, stem, words

RuleHit = tuple[Path_, str, str]

RULES: dict[str, str] = {
    "absolute-word": "a wrong option carries an absolute word (only, never, always...)",
    "hedge-cue": "the key is the only hedged option, or the only one without a hedge",
    "names-document": "the stem names a document instead of asking about the body",
    "all-none-above": "an option says 'all of the above' or 'none of the above'",
    "negative-stem": "a negative lead-in (not, except) that is not emphasised",
    "stem-words-in-key": "words of the stem come back in the key and in no other option",
    "uneven-length": "options of strongly uneven length, or a key that stands out by length",
    "mixed-form": "options of mixed form (sentences beside phrases, mixed capitals)",
    "stem-gives-key": "the stem already holds the key's defining phrase",
    "medicine-action": "a patient item keys an action about medicines",
    "near-duplicate": "two items ask the same fact",
    "testwise": "a surface strategy beats chance across a bank or the course",
}

_DOCUMENT = re.compile(
    r"\b(according to|(the|this) (patient |clinician |clinical )?(article|summary|summaries"
    r"|document|guideline|review|text|lesson)|the (course'?s? )?sources?|the course (says|"
    r"teaches|states|describes)|the authors?)\b",
    re.I,
)
_NEGATIVE = re.compile(r"\b(not|except|least|false|incorrect|untrue|\w+n't)\b")
_MED_ACTION = re.compile(
    r"\b(stop|start|take|taking|change|increase|decrease|reduce|raise|lower|skip|avoid|keep|"
    r"continue|quit|double|halve)\b",
    re.I,
)
_MEDICINE = re.compile(
    r"\b(medicines?|medications?|drugs?|pills?|tablets?|doses?|supplements?|prescriptions?)\b",
    re.I,
)


def _opt(i: int) -> Path_:
    return ("options", i, "text")


def _lead_in(stem_text: str) -> str:
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", stem_text.strip()) if s]
    return sentences[-1] if sentences else stem_text


def _quote(words_: list[str] | set[str]) -> str:
    return ", ".join(f"'{w}'" for w in sorted(set(words_)))


def names_document(q: Question, source_titles: list[str]) -> Iterator[RuleHit]:
    match = _DOCUMENT.search(q.stem)
    title = next((t for t in source_titles if t.casefold() in q.stem.casefold()), None)
    if match or title:
        said = match.group() if match else title
        yield (
            ("stem",),
            "names-document",
            f"the stem names a document ('{said}'): ask about the body, the patient or the "
            "mechanism; the sources belong in `sources:` and the feedback",
        )


def absolute_words(q: Question) -> Iterator[RuleHit]:
    keyed = [absolutes_in(q.options[i].text) for i in q.correct_indexes]
    if any(keyed):
        return  # the key speaks in the same register: no cue
    for i, option in enumerate(q.options):
        found = absolutes_in(option.text)
        if i not in q.correct_indexes and found:
            yield (
                _opt(i),
                "absolute-word",
                f"wrong option {i + 1} says {_quote(found)}: test-wise learners strike out "
                "absolute words; say what is wrong in plain terms instead",
            )


def hedge_cue(q: Question) -> Iterator[RuleHit]:
    if q.type != "single" or len(q.options) < 3 or len(q.correct_indexes) != 1:
        return
    (key,) = q.correct_indexes
    hedged = [bool(hedges_in(o.text)) for o in q.options]
    others = [h for i, h in enumerate(hedged) if i != key]
    if hedged[key] and not any(others):
        yield (
            _opt(key),
            "hedge-cue",
            f"the key is the only hedged option ({_quote(hedges_in(q.options[key].text))}): "
            "keep the source's hedge in the explanation, not in the option",
        )
    elif not hedged[key] and all(others):
        yield (_opt(key), "hedge-cue", "the key is the only option without a hedge")


def banned_options(q: Question) -> Iterator[RuleHit]:
    for i, option in enumerate(q.options):
        if BANNED_OPTIONS.match(option.text):
            yield (
                _opt(i),
                "all-none-above",
                f"option {i + 1} is '{option.text}': it rewards partial knowledge and breaks "
                "when options are shuffled; write options that each stand alone",
            )


def negative_stem(q: Question) -> Iterator[RuleHit]:
    found = _NEGATIVE.findall(_lead_in(q.stem))
    if found:
        yield (
            ("stem",),
            "negative-stem",
            f"the lead-in is negative ({_quote(found)}) and easy to misread: ask positively, "
            "or write the negative in capitals (NOT, EXCEPT)",
        )


def stem_words_in_key(q: Question) -> Iterator[RuleHit]:
    if q.type != "single" or len(q.correct_indexes) != 1:
        return
    (key,) = q.correct_indexes
    stem_words = content_stems(q.stem)
    shared = [stem_words & content_stems(o.text) for o in q.options]
    distractors = set().union(*(s for i, s in enumerate(shared) if i != key))
    only_key = shared[key] - distractors
    if only_key and len(shared[key]) > max(len(s) for i, s in enumerate(shared) if i != key):
        shown = [w for w in words(q.options[key].text) if stem(w) in only_key]
        yield (
            _opt(key),
            "stem-words-in-key",
            f"the key alone repeats {_quote(shown)} from the stem: a learner can match words "
            "instead of knowing the answer",
        )


def uneven_length(q: Question) -> Iterator[RuleHit]:
    lengths = [len(o.text) for o in q.options]
    longest, shortest = max(lengths), min(lengths)
    if longest >= 2 * shortest and longest - shortest >= 20:
        i = lengths.index(longest)
        yield (
            _opt(i),
            "uneven-length",
            f"option {i + 1} is {longest} characters and option {lengths.index(shortest) + 1} "
            f"{shortest}: write options of one length and form",
        )
        return
    keyed = [lengths[i] for i in q.correct_indexes]
    wrong = [n for i, n in enumerate(lengths) if i not in q.correct_indexes]
    if not keyed or not wrong:
        return
    if q.type == "single":
        (key,) = q.correct_indexes
        runner_up = max(wrong)
        if lengths[key] >= 1.25 * runner_up and lengths[key] - runner_up >= 8:
            yield (_opt(key), "uneven-length", "the key is clearly the longest option")
        elif min(wrong) >= 1.25 * lengths[key] and min(wrong) - lengths[key] >= 8:
            yield (_opt(key), "uneven-length", "the key is clearly the shortest option")
    else:
        mean_keyed, mean_wrong = sum(keyed) / len(keyed), sum(wrong) / len(wrong)
        ratio = max(mean_keyed, mean_wrong) / max(1.0, min(mean_keyed, mean_wrong))
        if ratio >= 1.3 and abs(mean_keyed - mean_wrong) >= 8:
            which = "longer" if mean_keyed > mean_wrong else "shorter"
            yield (
                ("options",),
                "uneven-length",
                f"the keyed options are {which} on average ({mean_keyed:.0f} against "
                f"{mean_wrong:.0f} characters)",
            )


def mixed_form(q: Question) -> Iterator[RuleHit]:
    texts = [o.text.strip() for o in q.options]
    periods = [t.endswith(".") for t in texts]
    capitals = [t[:1].isupper() for t in texts]
    for flags, what in ((periods, "end with a full stop"), (capitals, "start with a capital")):
        if any(flags) and not all(flags):
            odd = flags.index(sum(flags) == 1)
            yield (
                _opt(odd),
                "mixed-form",
                f"some options {what} and some do not: write them in one form",
            )
            return


def _bigrams(text: str) -> set[tuple[str, str]]:
    kept = [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2]
    return set(itertools.pairwise(kept))


def stem_gives_key(q: Question) -> Iterator[RuleHit]:
    stem_words, stem_pairs = content_stems(q.stem), _bigrams(q.stem)

    def gives(text: str) -> bool:
        own = content_stems(text)
        return bool(own) and (own <= stem_words or bool(_bigrams(text) & stem_pairs))

    keyed = [i for i in q.correct_indexes if gives(q.options[i].text)]
    if keyed and not any(gives(o.text) for i, o in enumerate(q.options) if i not in keyed):
        i = keyed[0]
        yield (
            ("stem",),
            "stem-gives-key",
            f"the stem already says what option {i + 1} says ('{q.options[i].text}'): "
            "describe the finding, not its name",
        )


def medicine_action(q: Question) -> Iterator[RuleHit]:
    if "patient" not in q.audience:
        return
    for i in sorted(q.correct_indexes):
        text = q.options[i].text
        if _MED_ACTION.search(text) and _MEDICINE.search(text):
            yield (
                _opt(i),
                "medicine-action",
                "a patient item keys an action about medicines: the course explains, it does "
                "not advise; teach that such decisions belong with a doctor",
            )


def item_hits(q: Question, source_titles: list[str]) -> Iterator[RuleHit]:
    yield from names_document(q, source_titles)
    yield from negative_stem(q)
    yield from stem_gives_key(q)
    yield from banned_options(q)
    yield from absolute_words(q)
    yield from hedge_cue(q)
    yield from stem_words_in_key(q)
    yield from uneven_length(q)
    yield from mixed_form(q)
    yield from medicine_action(q)
