"""JSON Schemas of the course files, generated from the pydantic model."""

from __future__ import annotations

from typing import Any

from rls_tutor.content.model import FILE_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://rls-tutor.invalid/schema"


def schema_for(kind: str) -> dict[str, Any]:
    model = FILE_MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{BASE_ID}/{kind}.json",
        "title": f"rls-tutor {kind} file",
        **schema,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    return {kind: schema_for(kind) for kind in FILE_MODELS}


def combined_schema() -> dict[str, Any]:
    """Lesson or quiz file: what an editor needs for everything under lessons/ and quizzes/."""
    lesson, quiz = schema_for("lesson"), schema_for("quiz")
    defs = {**lesson.pop("$defs", {}), **quiz.pop("$defs", {})}
    for part in (lesson, quiz):
        part.pop("$schema", None)
        part.pop("$id", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{BASE_ID}/course-file.json",
        "title": "rls-tutor lesson or question bank",
        "anyOf": [lesson, quiz],
        "$defs": defs,
    }
