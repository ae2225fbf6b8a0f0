"""Generate the JSON Schema of ASL from the pydantic models (the shipped `schema.json`).

Run `python -m flowdsl.asl.schema_gen` to rewrite `schema.json`; a test fails when the shipped
file and the models disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SCHEMA_ID = "https://flowdsl.dev/schemas/asl.json"


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a state machine definition, generated from the models."""
    from flowdsl.asl.models import StateMachine

    schema = StateMachine.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Amazon States Language state machine definition",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render_schema() -> str:
    """The schema as the canonical text written to `schema.json`."""
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def shipped_schema_text() -> str:
    """The text of the `schema.json` that ships in the package."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
