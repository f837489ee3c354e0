"""`rls-tutor schema`: JSON Schemas for course files, generated from the model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rls_tutor.atomic import write_atomically
from rls_tutor.escape import echo, printable

KINDS = ("lesson", "quiz", "course", "glossary")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of lesson and quiz files",
        description="Print the JSON Schema of a course file kind (default: lesson and quiz "
        "files together), or write all of them to a folder with --out.",
    )
    parser.add_argument("kind", nargs="?", choices=(*KINDS, "all"), default="all")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write KIND.schema.json files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rls_tutor.content.schema import all_schemas, combined_schema, schema_for

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for kind, schema in all_schemas().items():
            target = args.out / f"{kind}.schema.json"
            # whole or not at all: a full disk never leaves an empty schema behind
            write_atomically(target, (json.dumps(schema, indent=2) + "\n").encode("utf-8"))
            echo(printable(target))
        return 0
    schema = combined_schema() if args.kind == "all" else schema_for(args.kind)
    echo(json.dumps(schema, indent=2))
    return 0
