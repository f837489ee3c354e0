"""`export xapi` and `export csv`: every recorded answer, pseudonymous, with stable ids."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rls_tutor.cli import main
from rls_tutor.content.loader import load_course
from rls_tutor.progress.store import ProgressStore

from .content.course_factory import write_course

T0 = datetime(2026, 3, 2, 18, tzinfo=UTC)


def class_file(tmp_path: Path) -> tuple[Path, Path]:
    root = write_course(tmp_path / "course")
    course = load_course(root)
    db = tmp_path / "class.sqlite3"
    with ProgressStore.open(db) as store:
        for n, learner in enumerate(["Ann Smith", "bob"]):
            for qid, q in course.questions.items():
                picked = sorted(q.correct_indexes) if n == 0 else [1]
                store.record_answer(learner, q, course.question_topic[qid], picked, now=T0)
        store.record_answer(
            "bob", course.questions["iron-q1"], "iron", [0], now=T0 + timedelta(days=1), retry=True
        )
    return root, db


def test_xapi_one_statement_per_answer_stable_and_pseudonymous(tmp_path: Path) -> None:
    root, db = class_file(tmp_path)
    out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (out1, out2):
        assert main(["export", "xapi", str(out), "--db", str(db), "--content", str(root)]) == 0
    first = [json.loads(line) for line in out1.read_text().splitlines()]
    assert len(first) == 7  # 3 questions x 2 learners, and bob's second try
    assert [s["id"] for s in first] == [json.loads(x)["id"] for x in out2.read_text().splitlines()]
    assert len({s["id"] for s in first}) == 7
    text = out1.read_text()
    assert "Ann Smith" not in text and "bob" not in text and "mailto:" not in text
    names = {s["actor"]["account"]["name"] for s in first}
    assert len(names) == 2 and all(n.startswith("learner-") for n in names)
    q1 = next(s for s in first if s["object"]["id"].endswith("/questions/iron-q1"))
    definition = q1["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == ["o0", "o1"]
    assert definition["correctResponsesPattern"] == ["o0"]
    assert q1["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert q1["result"]["response"] == "o0" and q1["result"]["success"] is True
    assert q1["context"]["contextActivities"]["parent"][0]["id"].endswith("/topics/iron")
    q2 = next(s for s in first if s["object"]["id"].endswith("/questions/iron-q2"))
    assert q2["object"]["definition"]["correctResponsesPattern"] == ["o0[,]o1"]
    # bob's second try was a retry of a lesson check: only its statement says so
    retry = "https://rls-tutor.invalid/xapi/retry"
    assert first[-1]["context"]["extensions"] == {retry: True}
    assert all("extensions" not in s["context"] for s in first[:-1])


def test_xapi_retry_extension_follows_the_activity_base(tmp_path: Path) -> None:
    root, db = class_file(tmp_path)
    out = tmp_path / "a.jsonl"
    args = ["export", "xapi", str(out), "--db", str(db), "--content", str(root)]
    assert main([*args, "--activity-base", "https://lms.example.org/rls/"]) == 0
    last = json.loads(out.read_text().splitlines()[-1])
    assert last["context"]["extensions"] == {"https://lms.example.org/rls/xapi/retry": True}


def test_xapi_emails_only_for_learners_the_instructor_names(tmp_path: Path) -> None:
    root, db = class_file(tmp_path)
    emails = tmp_path / "emails.csv"
    emails.write_text("name,email\nAnn Smith,ann@example.org\n")
    out = tmp_path / "a.jsonl"
    args = ["export", "xapi", str(out), "--db", str(db), "--content", str(root)]
    assert main([*args, "--emails", str(emails)]) == 0
    actors = [json.loads(line)["actor"] for line in out.read_text().splitlines()]
    assert sum(a.get("mbox") == "mailto:ann@example.org" for a in actors) == 3
    assert sum("account" in a for a in actors) == 4


def test_csv_rows_match_the_statements(tmp_path: Path) -> None:
    root, db = class_file(tmp_path)
    out, statements = tmp_path / "a.csv", tmp_path / "a.jsonl"
    assert main(["export", "csv", str(out), "--db", str(db), "--content", str(root)]) == 0
    assert main(["export", "xapi", str(statements), "--db", str(db), "--content", str(root)]) == 0
    rows = list(csv.DictReader(out.open()))
    ids = [json.loads(line)["id"] for line in statements.read_text().splitlines()]
    assert [r["statement_id"] for r in rows] == ids
    bob_retry = rows[-1]
    assert bob_retry["question_id"] == "iron-q1" and bob_retry["chosen"] == "A"
    assert bob_retry["correct"] == "1" and bob_retry["learner"].startswith("learner-")
    assert [r["retry"] for r in rows] == ["0"] * 6 + ["1"]
    assert list(rows[0])[-1] == "retry"  # a new column goes last: older readers keep theirs
    named = tmp_path / "named.csv"
    args = ["export", "csv", str(named), "--db", str(db), "--content", str(root), "--names"]
    assert main(args) == 0
    assert {r["learner"] for r in csv.DictReader(named.open())} == {"Ann Smith", "bob"}
