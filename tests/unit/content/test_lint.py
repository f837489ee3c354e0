"""`rls-tutor lint`: each item-writing flaw at its exact place, test-wise scores, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rls_tutor.cli import main
from rls_tutor.lint.runner import LintWarning, lint_course

from .course_factory import write_course

# Four options of one length and form; the key moves through them from item to item.
WORDS = ["Dopamine", "Ferritin", "Thalamus", "Striatum"]


def item(
    qid: str,
    stem: str,
    options: list[str],
    key: int | list[int] = 0,
    *,
    kind: str = "single",
    audience: str = "clinician",
    extra: str = "",
) -> str:
    """One question in a fixed layout: its stem on line +3 (column 11) and option i's
    text on line +5 + 3i (column 15), counting from the `- id:` line."""
    keys = key if isinstance(key, list) else [key]
    lines = [
        f"  - id: {qid}",
        f"    audience: [{audience}]",
        f"    type: {kind}",
        f"    stem: {json.dumps(stem)}",
        "    options:",
    ]
    for i, text in enumerate(options):
        lines += [
            f"      - text: {json.dumps(text)}",
            f"        correct: {'true' if i in keys else 'false'}",
            "        why: Explains this option.",
        ]
    lines += ["    explanation: Ties the answer to the mechanism.", "    sources: [src-b]"]
    return "\n".join(lines) + "\n" + extra


CLEAN_STEMS = [
    "Which structure shows reduced iron on imaging?",
    "Which region sends fibres down to the cord?",
    "Where are sensory signals filtered at night?",
    "Which site links pregnancy to worse symptoms?",
    "What would a biopsy of nerve fibres examine?",
    "Which label fits a twin study finding?",
    "What marker tracks stored body iron?",
    "Which place holds the circadian pacemaker?",
]


def clean(n: int, first: int = 1) -> str:
    """`n` items written to the rules, with distinct stems."""
    return "".join(item(f"iron-q{first + k}", CLEAN_STEMS[k], WORDS, k % 4) for k in range(n))


def quiz(*items: str) -> str:
    return "topic: iron\nquestions:\n" + "".join(items)


def lint(tmp_path: Path, *items: str) -> list[LintWarning]:
    write_course(tmp_path, quiz=quiz(*items))
    report = lint_course(tmp_path)
    assert report.errors == 0
    return report.warnings


def at(warnings: list[LintWarning], rule: str) -> list[tuple[int, int]]:
    return [(w.line, w.column) for w in warnings if w.rule == rule]


def test_a_bank_written_to_the_rules_is_clean(tmp_path: Path) -> None:
    warnings = lint(tmp_path, clean(8))
    assert warnings == []
    report = lint_course(tmp_path)
    (bank,) = [b for b in report.banks if b.topic == "iron"]
    assert bank.chance == pytest.approx(0.25)
    assert all(f.score == pytest.approx(0.25) for f in bank.single.values())


# The flawed item comes first (its `- id:` on line 3), a clean one after it.
ITEM_LINE = 3
STEM = (ITEM_LINE + 3, 11)


def option_at(i: int) -> tuple[int, int]:
    return (ITEM_LINE + 5 + 3 * i, 15)


@pytest.mark.parametrize(
    ("stem", "rule"),
    [
        ("According to the summary, which enzyme needs iron?", "names-document"),
        ("The patient article says which structure matters?", "names-document"),
        ("What does Source B say about iron?", "names-document"),  # a declared title
        ("Which of these is not linked to iron?", "negative-stem"),
        ("A woman has legs that don't rest. Which does not apply?", "negative-stem"),
    ],
)
def test_stem_rules_point_at_the_stem(tmp_path: Path, stem: str, rule: str) -> None:
    warnings = lint(tmp_path, item("iron-q1", stem, WORDS), clean(1, first=2))
    assert at(warnings, rule) == [STEM]


def test_an_emphasised_negative_and_a_negative_in_the_history_pass(tmp_path: Path) -> None:
    stem = "A man does not smoke. Which structure is NOT involved?"
    assert lint(tmp_path, item("iron-q1", stem, WORDS), clean(1, first=2)) == []


def test_absolute_word_in_a_distractor(tmp_path: Path) -> None:
    options = [
        "Low iron in the brain",
        "Only low iron in blood",
        "Low iron in muscle",
        "Low iron in skin",
    ]
    warnings = lint(tmp_path, item("iron-q1", "Which finding fits?", options), clean(1, first=2))
    assert at(warnings, "absolute-word") == [option_at(1)]
    (w,) = [w for w in warnings if w.rule == "absolute-word"]
    assert "'only'" in w.message


def test_absolute_words_in_the_key_too_are_no_cue(tmp_path: Path) -> None:
    options = ["Only the brain", "Only the blood", "Only the muscle", "Only the skin"]
    warnings = lint(tmp_path, item("iron-q1", "Where is iron low?", options), clean(1, first=2))
    assert at(warnings, "absolute-word") == []


def test_the_key_as_the_only_hedged_option(tmp_path: Path) -> None:
    options = ["Iron may be low", "Iron is too high", "Iron is in excess", "Iron is normal"]
    warnings = lint(tmp_path, item("iron-q1", "Which fits?", options), clean(1, first=2))
    assert at(warnings, "hedge-cue") == [option_at(0)]


def test_the_key_as_the_only_unhedged_option(tmp_path: Path) -> None:
    options = ["Iron is low", "Iron may be high", "Iron can be odd", "Iron might be normal"]
    warnings = lint(tmp_path, item("iron-q1", "Which fits?", options), clean(1, first=2))
    assert at(warnings, "hedge-cue") == [option_at(0)]


def test_all_of_the_above(tmp_path: Path) -> None:
    options = ["Dopamine", "Ferritin", "Thalamus", "All of the above"]
    warnings = lint(tmp_path, item("iron-q1", "Which matter?", options, 3), clean(1, first=2))
    assert at(warnings, "all-none-above") == [option_at(3)]


def test_stem_words_repeated_only_in_the_key(tmp_path: Path) -> None:
    stem = "Which change in nigral dopamine transport explains her symptoms?"
    options = [
        "Impaired nigral transport",
        "Raised receptor counts",
        "Faster spinal firing",
        "Lower muscle tone",
    ]
    warnings = lint(tmp_path, item("iron-q1", stem, options), clean(1, first=2))
    assert at(warnings, "stem-words-in-key") == [option_at(0)]
    (w,) = [w for w in warnings if w.rule == "stem-words-in-key"]
    assert "'nigral'" in w.message and "'transport'" in w.message


def test_strongly_uneven_options(tmp_path: Path) -> None:
    options = [
        "Dopamine",
        "Ferritin",
        "A long option that says far more than the others do",
        "Thalamus",
    ]
    warnings = lint(tmp_path, item("iron-q1", "Which fits?", options, 2), clean(1, first=2))
    assert at(warnings, "uneven-length") == [option_at(2)]


def test_a_key_clearly_longer_than_every_distractor(tmp_path: Path) -> None:
    options = ["Tyrosine hydroxylase deficit", "DOPA excess", "MAO-B excess", "COMT excess"]
    # longest 28 vs 12: also strongly uneven; a milder case is the key-length one
    mild = ["Reduced nigral iron uptake", "Raised dopamine", "Spinal firing", "Muscle tone"]
    warnings = lint(tmp_path, item("iron-q1", "Which fits?", mild), clean(1, first=2))
    assert [w.message for w in warnings if w.rule == "uneven-length"] == [
        "the key is clearly the longest option"
    ]
    assert at(warnings, "uneven-length") == [option_at(0)]
    assert options  # the stronger case is covered by test_strongly_uneven_options


def test_select_all_keys_that_differ_in_length(tmp_path: Path) -> None:
    options = [
        "Reduced brain iron stores",
        "Impaired dopamine transport",
        "Raised bone density",
        "Thin skin layers",
        "Reduced opioid signalling",
    ]
    warnings = lint(
        tmp_path,
        item("iron-q1", "Which apply?", options, [0, 1, 4], kind="multiple"),
        clean(1, first=2),
    )
    assert at(warnings, "uneven-length") == [(ITEM_LINE + 5, 7)]  # the options list


def test_options_of_mixed_form(tmp_path: Path) -> None:
    options = ["Iron is low.", "Iron is high.", "Iron is normal", "Iron is absent."]
    warnings = lint(tmp_path, item("iron-q1", "Which fits?", options), clean(1, first=2))
    assert at(warnings, "mixed-form") == [option_at(2)]


def test_a_stem_that_holds_the_key(tmp_path: Path) -> None:
    stem = "A patient has impaired nigral transport of dopamine. What is the mechanism?"
    options = [
        "Impaired nigral transport",
        "Raised receptor counts",
        "Faster spinal firing",
        "Lower muscle tone",
    ]
    warnings = lint(tmp_path, item("iron-q1", stem, options), clean(1, first=2))
    assert at(warnings, "stem-gives-key") == [STEM]


def test_a_patient_item_keying_a_medicine_action(tmp_path: Path) -> None:
    options = ["Stop the pills at once", "Walk for an hour", "Sleep in the day", "Drink more water"]
    warnings = lint(
        tmp_path,
        item("iron-q1", "What should Ana do?", options, audience="patient"),
        clean(1, first=2),
    )
    assert at(warnings, "medicine-action") == [option_at(0)]


def test_near_duplicates_across_items(tmp_path: Path) -> None:
    stem = "Reduced iron in which brain structure best explains her evening symptoms?"
    twin = "Her evening symptoms are best explained by reduced iron in which brain structure?"
    warnings = lint(tmp_path, item("iron-q1", stem, WORDS), item("iron-q2", twin, WORDS))
    (w,) = [w for w in warnings if w.rule == "near-duplicate"]
    assert (w.line, w.column) == (ITEM_LINE + 19 + 3, 11)  # 19 lines an item
    assert "'iron-q1'" in w.message and "iron.yaml:6" in w.message


def test_near_duplicates_see_through_zero_width_and_full_width_letters(tmp_path: Path) -> None:
    stem = "Reduced iron in which brain structure best explains her evening symptoms?"
    disguised = (
        "Reduced ir\u200bon in which ｂｒａｉｎ structure best explains her evening symptoms?"
    )
    warnings = lint(tmp_path, item("iron-q1", stem, WORDS), item("iron-q2", disguised, WORDS))
    assert [w.rule for w in warnings] == ["near-duplicate"]


def test_a_rule_silenced_for_one_item_with_a_reason(tmp_path: Path) -> None:
    allow = (
        "    lint:\n      allow: [names-document]\n      reason: The item is about the evidence.\n"
    )
    flawed = item("iron-q1", "According to the summary, which one?", WORDS, extra=allow)
    assert lint(tmp_path, flawed, clean(1, first=2)) == []


def test_an_unknown_rule_in_allow_is_reported(tmp_path: Path) -> None:
    allow = "    lint:\n      allow: [no-such-rule]\n      reason: A typo.\n"
    warnings = lint(tmp_path, item("iron-q1", "Which one?", WORDS, extra=allow), clean(1, first=2))
    assert [(w.rule, w.line) for w in warnings] == [("lint-allow", ITEM_LINE + 20)]


def test_a_bank_whose_key_is_always_second_longest(tmp_path: Path) -> None:
    options = ["Reduced iron", "Reduced iron uptake", "Raised iron levels in blood", "Low iron"]
    items = [
        item(f"iron-q{k + 1}", f"Case {k}: which fits best?", [f"{o} {k}" for o in options], 1)
        for k in range(6)
    ]
    report_warnings = lint(tmp_path, *items)
    testwise = [w for w in report_warnings if w.rule == "testwise"]
    messages = [w.message for w in testwise]
    assert any("'second longest' scores 100% in the iron bank against 25%" in m for m in messages)
    assert any("across the course" in m for m in messages)
    assert all((w.path, w.line, w.column)[1:] == (1, 1) for w in testwise)


def test_cli_text_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(
        tmp_path,
        quiz=quiz(item("iron-q1", "According to the summary, which?", WORDS), clean(1, first=2)),
    )
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"iron.yaml:{STEM[0]}:{STEM[1]}: warning: the stem names a document" in out
    assert "[names-document]" in out and "Test-wise scores" in out
    assert main(["lint", str(tmp_path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["warnings"][0]["rule"] == "names-document"
    assert set(data["warnings"][0]) == {"path", "line", "column", "message", "rule"}
    iron = next(b for b in data["banks"] if b["topic"] == "iron")
    assert iron["questions"] == 2 and iron["chance"] == 0.25
    assert set(iron["strategies"]) >= {"longest", "second longest", "shortest", "most hedged"}


def test_cli_clean_course_exits_0_and_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_course(tmp_path, quiz=quiz(clean(3)))
    assert main(["lint", str(tmp_path)]) == 0
    assert "clean: 0 warnings" in capsys.readouterr().out
    assert main(["lint", str(tmp_path / "missing")]) == 2
    assert main(["lint", str(tmp_path), "--topic", "nope"]) == 2
    assert main(["lint", str(tmp_path), "--topic", "iron"]) == 0


def test_file_names_are_escaped_in_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_course(tmp_path, quiz=None)
    name = "ir\x1b]52;c;SEFDSw==\x07on.yaml"
    (tmp_path / "quizzes" / name).write_text(
        quiz(item("iron-q1", "According to the summary, which?", WORDS), clean(1, first=2))
    )
    assert main(["lint", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "ir\\x1b]52;c;SEFDSw==\\x07on.yaml:6:11" in out
