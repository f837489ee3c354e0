"""A small valid course written to a folder, for tests to break one piece at a time."""

from __future__ import annotations

from pathlib import Path

COURSE = """\
title: Test course
notice: Educational only, not medical advice.
sources:
  - id: src-a
    title: Source A
    audience: patient
  - id: src-b
    title: Source B
    audience: clinician
    updated: 2025-07-28
topics:
  - id: iron
    title: Iron
    summary: Iron and the brain.
  - id: genes
    title: Genes
    summary: Family history.
"""

GLOSSARY = """\
terms:
  - term: Ferritin
    definition: A blood test of iron stores.
    sources: [src-b]
"""

LESSON = """\
id: iron
title: Iron and the brain
topic: iron
steps:
  - title: Why iron matters
    sources: [src-a, src-b]
    text:
      patient: Iron helps make dopamine.
      clinician: Iron is a cofactor of tyrosine hydroxylase.
  - check: iron-q1
  - title: Clinicians only
    audience: clinician
    sources: [src-b]
    text:
      clinician: Ferritin below 50 ng/mL.
  - check: iron-q2
"""

QUIZ = """\
topic: iron
questions:
  - id: iron-q1
    audience: [patient, clinician]
    stem: Iron helps the body make which chemical messenger?
    options:
      - text: Dopamine
        correct: true
        why: Iron is needed to make dopamine.
      - text: Insulin
        why: Not discussed in the sources.
    explanation: Iron is a cofactor for dopamine synthesis.
    sources: [src-a]
  - id: iron-q2
    audience: [clinician]
    type: multiple
    stem: Which are true?
    options:
      - text: Tyrosine hydroxylase needs iron
        correct: true
        why: It is the rate-limiting enzyme.
      - text: Ferritin below 50 ng/mL is consistent with RLS
        correct: true
        why: As the causes summary says.
      - text: Iron is irrelevant
        why: Wrong.
    explanation: Both statements come from the sources.
    sources: [src-b]
"""

GENES_QUIZ = """\
topic: genes
questions:
  - id: genes-q1
    audience: [patient, clinician]
    stem: Which gene is the most consistently confirmed?
    options:
      - text: MEIS1
        correct: true
        why: Named in the patient article.
      - text: BRCA1
        why: Not an RLS gene in the sources.
    explanation: MEIS1.
    sources: [src-a]
"""

GENES_LESSON = """\
id: genes
title: Genes
topic: genes
steps:
  - title: Family
    sources: [src-a]
    text:
      patient: It runs in families.
      clinician: First-degree relatives carry more risk.
  - check: genes-q1
"""


def write_course(root: Path, **overrides: str | None) -> Path:
    """Write the course; pass e.g. `quiz="..."` to replace a file, or None to leave it out."""
    files = {
        "course": ("lessons/course.yaml", COURSE),
        "glossary": ("lessons/glossary.yaml", GLOSSARY),
        "lesson": ("lessons/01-iron.yaml", LESSON),
        "genes_lesson": ("lessons/02-genes.yaml", GENES_LESSON),
        "quiz": ("quizzes/iron.yaml", QUIZ),
        "genes_quiz": ("quizzes/genes.yaml", GENES_QUIZ),
    }
    for key, (rel, text) in files.items():
        text = overrides.get(key, text)
        if text is None:
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
