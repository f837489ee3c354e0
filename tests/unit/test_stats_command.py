"""`rls-tutor stats`: item analysis across progress files (and an LRS), as text, JSON,
CSV and a self-contained HTML page, with planted flaws the report must show."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rls_tutor.analysis.items import ItemFigures, Response, TopicFigures, analyse
from rls_tutor.analysis.report import questions_map
from rls_tutor.cli import main
from rls_tutor.content.course import Course
from rls_tutor.content.model import Option, Question, Topic
from rls_tutor.progress import access
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.store import ProgressStore

T0 = datetime(2026, 2, 2, 9, tzinfo=UTC)
HOSTILE_TITLE = 'Alpha & <b>Omega</b> "quoted"'
HOSTILE_STEM = "Which <script>alert(1)</script> is right?"
KEYS = {f"q{j:02d}": 2 if j == 5 else 0 for j in range(20)}  # q05's key is C, the rest A


def question(qid: str, key: int, audience: tuple[str, ...] = ("patient", "clinician")) -> Question:
    return Question(
        id=qid,
        audience=list(audience),
        stem=HOSTILE_STEM if qid == "q07" else f"Which answer to {qid} is right?",
        options=[
            Option(text=f"Option {i} of {qid}", correct=i == key, why="Because.") for i in range(4)
        ],
        explanation="Explained.",
        sources=["src"],
    )


def make_course() -> Course:
    alpha = {qid: question(qid, key) for qid, key in KEYS.items()}
    beta = {
        "beta-p1": question("beta-p1", 0, ("patient",)),
        "beta-p2": question("beta-p2", 0, ("patient",)),
        "beta-c1": question("beta-c1", 0, ("clinician",)),
    }
    return Course(
        root=Path("/nonexistent-course"),
        title="Stats course",
        topics=[
            Topic(id="alpha", title=HOSTILE_TITLE, summary="Alpha."),
            Topic(id="beta", title="Beta", summary="Beta."),
            Topic(id="gamma", title="Gamma", summary="Nobody answers it."),
        ],
        questions={**alpha, **beta, "gamma-1": question("gamma-1", 0)},
        question_topic={
            **dict.fromkeys(alpha, "alpha"),
            **dict.fromkeys(beta, "beta"),
            "gamma-1": "gamma",
        },
    )


@dataclass
class Class:
    course: Course
    files: tuple[Path, Path]
    expected: list[Response]  # what was recorded, learners as "A:name" / "B:name"

    def core(self) -> tuple[dict[str, ItemFigures], list[TopicFigures]]:
        tracks = {qid: tuple(q.audience) for qid, q in self.course.questions.items()}
        items, topics = analyse(self.expected, questions_map(self.course), tracks)
        return {i.question_id: i for i in items}, topics


def simulate(course: Course, folder: Path, seed: int = 5) -> Class:
    """60 learners of known ability (2PL) over alpha's 20 questions, the first 30 in
    file A and the others in file B, named learner-00..29 in both. Planted: q00 and q01
    do not discriminate, q03's option D is dead, strong learners prefer q04's B to the
    key. Also: a second try at q10 by file A's learners (practice: not measured), five
    answers in file B to an earlier wording of q02 (left out), beta answered by a few."""
    rng = random.Random(seed)
    abilities = [rng.gauss(0, 1) for _ in range(60)]
    rank = {n: i for i, n in enumerate(sorted(range(60), key=abilities.__getitem__))}
    difficulty = {qid: rng.uniform(-1, 1) for qid in KEYS}
    files = (folder / "a.sqlite3", folder / "b.sqlite3")
    expected: list[Response] = []
    with contextlib.ExitStack() as stack:
        stores = [stack.enter_context(ProgressStore.open(path)) for path in files]
        for store in stores:
            stack.enter_context(store.batch())  # one transaction per file

        def record(n: int, qid: str, chosen: int, at: datetime) -> None:
            file, name = divmod(n, 30)
            q = course.questions[qid]
            topic = course.question_topic[qid]
            stores[file].record_answer(f"learner-{name:02d}", q, topic, [chosen], now=at)
            learner = f"{'AB'[file]}:learner-{name:02d}"
            right = chosen == KEYS.get(qid, 0)
            expected.append(Response(learner, qid, topic, (chosen,), right, at))

        for n, theta in enumerate(abilities):
            at = T0 + timedelta(minutes=n)
            for j, (qid, key) in enumerate(KEYS.items()):
                wrong = [i for i in range(4) if i != key and not (j == 3 and i == 3)]
                right = rng.random() < 1 / (1 + math.exp(-1.8 * (theta - difficulty[qid])))
                if j < 2:
                    right = (rank[n] + j) % 4 in (0, 3)
                chosen = key if right else rng.choice(wrong)
                if j == 4:
                    chosen = 1 if theta > 0.3 else rng.choice(range(4))
                record(n, qid, chosen, at + timedelta(seconds=j))
            if n < 30:
                record(n, "q10", KEYS["q10"], at + timedelta(hours=1))
            if n < 6:
                record(n, "beta-p1", 0, at + timedelta(hours=2))
                record(n, "beta-p2", 1, at + timedelta(hours=2, seconds=1))
            elif n < 9:
                record(n, "beta-c1", 0, at + timedelta(hours=2))
        old = question("q02", 0).model_copy(update={"stem": "An older wording of q02?"})
        for name in range(5):
            stores[1].record_answer(f"learner-{name:02d}", old, "alpha", [1], now=T0)
    return Class(course, files, expected)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Class:
    return simulate(make_course(), tmp_path_factory.mktemp("class"))


@pytest.fixture
def klass(built: Class, monkeypatch: pytest.MonkeyPatch) -> Iterator[Class]:
    monkeypatch.setattr(access, "load_course", lambda root: built.course)
    yield built


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["stats", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def both(klass: Class) -> list[str]:
    return ["--from", str(klass.files[0]), "--from", str(klass.files[1])]


def block(text: str, qid: str) -> list[str]:
    """A question's lines of the text report: its header and the indented rows after it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{qid}: "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), None)
    return lines[start:end]


# --- text -------------------------------------------------------------------------------


def test_text_shows_every_option_the_legend_and_the_flags(
    klass: Class, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *both(klass))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Letters: A is a question's first option as written in its quiz file (YAML)" in flat
    assert "* marks a keyed (correct) option" in flat
    for term in ("Facility:", "Discrimination: the corrected item-rest point-biserial", "KR-20:"):
        assert term in flat
    assert "60 learners" in out.splitlines()[0]  # learner-00 of A and of B: two people
    assert "Left out: 5 answers to an earlier version of a question (edited since)." in flat

    items, topics = klass.core()
    dead = block(out, "q03")
    assert re.search(r"^  picks\s+A\*:\d+ B:\d+ C:\d+ D:0$", dead[1])  # the zero is shown
    assert dead[2].startswith("  upper 27% (16)") and dead[3].startswith("  lower 27% (16)")
    assert any(line.endswith("dead distractor: nobody picked D") for line in dead)
    for qid in ("q00", "q01"):
        assert any("weak: discrimination under 0.15" in line for line in block(out, qid))
    assert any(
        "distractor B picked by more strong learners than the key" in line
        for line in block(out, "q04")
    )
    assert "C*:" in block(out, "q05")[1] and "A*:" not in block(out, "q05")[1]  # its key is C

    q10 = items["q10"]
    assert (q10.attempts, q10.first_attempts) == (90, 60)  # the second tries are practice
    assert block(out, "q10")[0] == (
        f"q10: 90 attempts, 60 first, facility {q10.facility:.2f}, "
        f"discrimination {q10.discrimination:.2f}"
    )
    (alpha,) = (t for t in topics if t.topic_id == "alpha")
    assert alpha.kr20 is not None and alpha.track is None  # every question on both tracks
    assert f"KR-20: {alpha.kr20:.2f} (20 questions, 60 learners met every one)" in out
    assert "KR-20, patient track: not enough learners: 6 of 10 met every question" in out
    assert "KR-20, clinician track: not computed: the topic has a single answered question" in out
    assert "Topics nobody has answered yet: gamma." in flat
    flagged = [qid for qid, item in items.items() if item.flags]
    assert f"{len(flagged)} of 23 answered questions flagged" in flat


def test_an_empty_file_says_so(
    klass: Class, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with ProgressStore.open(tmp_path / "new.sqlite3"):
        pass
    code, out, _ = run(capsys, "--from", str(tmp_path / "new.sqlite3"))
    assert code == 0 and "No answers recorded yet." in out


def test_a_missing_file_is_an_error_and_is_not_made(
    klass: Class, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    typo = tmp_path / "clas.sqlite3"
    code, out, err = run(capsys, "--from", str(klass.files[0]), "--from", str(typo))
    assert code == 1 and out == ""
    assert err == f"rls-tutor: error: {typo} does not exist (--from names a progress file).\n"
    assert not typo.exists()


def test_a_course_that_does_not_load_is_an_error(
    klass: Class, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: object) -> Course:
        raise StoreError("no course could be loaded from /x (3 errors).")

    monkeypatch.setattr(access, "load_course", broken)
    code, out, err = run(capsys, *both(klass))
    assert code == 1 and out == ""
    assert err.startswith("rls-tutor: error: no course could be loaded") and "options" in err


# --- JSON and CSV ---------------------------------------------------------------------


def test_json_figures_match_the_core(klass: Class, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *both(klass), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert list(report) == [
        "generated_at", "course", "sources", "learner", "learners", "answers", "left_out",
        "thresholds", "legend", "topics", "questions",
    ]  # fmt: skip
    assert report["learners"] == 60 and report["learner"] is None
    assert report["answers"] == len(klass.expected)
    assert report["left_out"] == {"earlier_versions": 5, "not_in_course": 0, "unreadable": 0}
    assert [s.split(" (")[0] for s in report["sources"]] == [
        f"progress file {path}" for path in klass.files
    ]
    items, topics = klass.core()
    assert [q["id"] for q in report["questions"]] == [*KEYS, "beta-p1", "beta-p2", "beta-c1"]
    for q in report["questions"]:
        item = items[q["id"]]
        assert q["keyed"] == list(item.keyed) and q["options"] == 4
        assert (q["attempts"], q["first_attempts"]) == (item.attempts, item.first_attempts)
        assert q["facility"] == pytest.approx(item.facility, abs=5e-5)
        if item.discrimination is None:
            assert q["discrimination"] is None
        else:
            assert q["discrimination"] == pytest.approx(item.discrimination, abs=5e-5)
        assert q["picks"] == list(item.picks)
        assert q["upper"] == {"size": item.upper_size, "picks": list(item.upper_picks)}
        assert q["lower"] == {"size": item.lower_size, "picks": list(item.lower_picks)}
        assert q["flags"] == list(item.flags)
    assert report["questions"][3]["picks"][3] == 0  # q03's dead D, listed as a zero
    assert report["questions"][5]["keyed_letters"] == ["C"]
    alpha, beta, gamma = report["topics"]
    assert alpha["title"] == HOSTILE_TITLE and gamma["unanswered"] == ["gamma-1"]
    core_alpha = next(t for t in topics if t.topic_id == "alpha")
    assert alpha["reliability"] == [
        {
            "track": None,
            "questions": 20,
            "complete_learners": 60,
            "kr20": pytest.approx(core_alpha.kr20, abs=5e-5),
        }
    ]
    assert [(r["track"], r["questions"], r["complete_learners"]) for r in beta["reliability"]] == [
        ("patient", 2, 6),
        ("clinician", 1, 3),
    ]
    assert beta["unanswered"] == []


def test_csv_one_row_per_question_matches_the_core(
    klass: Class, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *both(klass), "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    items, _ = klass.core()
    assert [r["question_id"] for r in rows] == [*KEYS, "beta-p1", "beta-p2", "beta-c1"]
    for row in rows:
        item = items[row["question_id"]]
        assert int(row["attempts"]) == item.attempts
        assert int(row["first_attempts"]) == item.first_attempts
        assert float(row["facility"]) == pytest.approx(item.facility, abs=5e-5)
        if item.discrimination is not None:
            assert float(row["discrimination"]) == pytest.approx(item.discrimination, abs=5e-5)
        for kind, picks in (
            ("picks", item.picks),
            ("upper", item.upper_picks),
            ("lower", item.lower_picks),
        ):
            assert [int(row[f"{kind}_{c}"]) for c in "ABCD"] == list(picks)
        assert row["flags"] == "; ".join(item.flags)
    assert rows[5]["keyed"] == "C" and rows[3]["picks_D"] == "0"


# --- which learners -------------------------------------------------------------------


def test_files_are_read_once_and_db_joins_from(
    klass: Class, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = (str(path) for path in klass.files)
    _, out, _ = run(capsys, "--from", a, "--from", a, "--json")
    assert json.loads(out)["learners"] == 30  # the same file twice: the same people
    _, out, _ = run(capsys, "--from", a, "--db", b, "--json")
    assert json.loads(out)["learners"] == 60
    _, out, _ = run(capsys, "--db", a, "--json")
    assert json.loads(out)["learners"] == 30


def test_learner_filter_keeps_that_name_in_every_file(
    klass: Class, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *both(klass), "--learner", "learner-00", "--json")
    report = json.loads(out)
    assert code == 0 and report["learner"] == "learner-00"
    assert report["learners"] == 2  # learner-00 of each file
    q10 = next(q for q in report["questions"] if q["id"] == "q10")
    assert (q10["attempts"], q10["first_attempts"]) == (3, 2)


# --- an LRS -----------------------------------------------------------------------------


def test_lrs_responses_are_read_with_the_env_credentials(
    klass: Class, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rls_tutor.export import lrs

    seen: list[tuple[object, ...]] = []

    def read_responses(url: str, auth: object, course: Course, **_: object) -> list[Response]:
        seen.append((url, auth, course))
        # the LRS holds file A's class again, under its own account names
        return [
            Response(r.learner.replace("A:", "acct-"), r.question_id, r.topic_id, r.chosen,
                     r.correct, r.answered_at)
            for r in klass.expected if r.learner.startswith("A:")
        ]  # fmt: skip

    monkeypatch.setattr(lrs, "read_responses", read_responses)
    monkeypatch.setenv("RLS_TUTOR_LRS_USER", "instructor")
    monkeypatch.setenv("RLS_TUTOR_LRS_PASSWORD", "s3cret")
    url = "https://lrs.example.org/xAPI"
    code, out, err = run(capsys, "--lrs", url, "--json")
    assert code == 0, err
    assert seen == [(url, ("instructor", "s3cret"), klass.course)]
    report = json.loads(out)
    assert report["learners"] == 30 and report["sources"] == [
        f"LRS {url} (30 learners, {report['answers']} answers)"
    ]
    assert "s3cret" not in out + err
    # with a file as well: the LRS's learners are people of their own
    code, out, _ = run(capsys, "--lrs", url, "--from", str(klass.files[0]), "--json")
    assert json.loads(out)["learners"] == 60


def test_an_lrs_error_is_one_line(
    klass: Class, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rls_tutor.export import lrs

    def refuse(url: str, auth: object, course: Course, **_: object) -> list[Response]:
        raise lrs.LrsError("the LRS at https://lrs.example.org/xAPI refused: HTTP 403")

    monkeypatch.setattr(lrs, "read_responses", refuse)
    code, out, err = run(capsys, "--lrs", "https://lrs.example.org/xAPI")
    assert code == 1 and out == ""
    assert err == "rls-tutor: error: the LRS at https://lrs.example.org/xAPI refused: HTTP 403\n"


# --- HTML -------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every tag, checked to nest properly; the attributes that could load something."""

    VOID = frozenset({"meta", "input", "br", "link", "img", "source", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.loads: list[tuple[str, str, str]] = []
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
                self.loads.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.append(value)
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            self.csp = dict(attrs).get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "title":
            self.titles.append(data)
        self.text.append(data)


def test_html_is_one_self_contained_file(
    klass: Class, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "report" / "stats.html"
    out_file.parent.mkdir()
    out_file.write_text("an older report")
    code, out, err = run(capsys, *both(klass), "--html", str(out_file))
    assert code == 0, err
    assert out.startswith("Item analysis of 23 questions (") and str(out_file) in out
    assert [p.name for p in out_file.parent.iterdir()] == ["stats.html"]  # no temp file left
    page = out_file.read_text(encoding="utf-8")

    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.open == []
    assert page.startswith("<!DOCTYPE html>")
    # nothing loads from anywhere: internal anchors only, no network scheme at all
    assert (
        "http://" not in page
        and "https://" not in page
        and "//" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    )
    assert all(value.startswith("#") for _, _, value in parser.loads), parser.loads
    assert not {"link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert "url(" not in page and "@import" not in page
    assert parser.csp.startswith("default-src 'none';")  # the page may fetch nothing either
    assert parser.tags.count("script") == 1 and parser.tags.count("style") == 1

    # the chart: one point per question with a discrimination, titled with its id
    assert "svg" in parser.tags
    items, _ = klass.core()
    drawn = [i for i in items.values() if i.discrimination is not None]
    assert parser.tags.count("circle") == len(drawn) > 0
    for item in drawn:
        assert any(t.startswith(f"{item.question_id} (") for t in parser.titles), item.question_id
    # the table: a row for every question, the flags and the course's words escaped
    for qid in items:
        assert f"q-{qid}" in parser.ids
    text = "".join(parser.text)
    assert "dead distractor: nobody picked D" in text
    assert "weak: discrimination under 0.15" in text
    assert HOSTILE_STEM in text and HOSTILE_TITLE in text  # shown as text...
    assert "<script>alert(1)" not in page and "<b>Omega" not in page  # ...never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_into_a_missing_folder_is_an_error(
    klass: Class, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["stats", *both(klass), "--html", str(tmp_path / "nope" / "stats.html")])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("rls-tutor: error:") and "Traceback" not in err
