"""The ASL models' validator without building the models: their pydantic-core schema, shipped.

Building the pydantic models of `flowdsl.asl.models` costs about 0.15 s of CPU on every start
(pydantic generates each model's core schema in Python), half of a fresh compile of four small
workflows. The compiled validator only needs the core schema those models produce, which is
plain data once two things are left out: each model's class (shape checks only need the
errors, so any class will do) and the JSON Schema hooks (`metadata`). `core_schema.json` holds
it, recorded with the pydantic-core version that made it; with that version installed, the
validator is built from the file in about 20 ms, and with any other, from the models as before.
Run `python -m flowdsl.asl.core_schema` after changing the models; a test fails when the file
and the models disagree, and another that the two validators report the same errors.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Protocol

CORE_SCHEMA_PATH = Path(__file__).with_name("core_schema.json")
_ADDRESS = re.compile(r":\d+$")


class Validator(Protocol):
    def validate_python(self, value: Any) -> Any: ...


class _Checked:
    """Stands in for the model classes: the validator builds instances nobody reads."""


@cache
def shape_validator() -> Validator:
    """Validates a definition (raising pydantic_core.ValidationError) as the models would."""
    import pydantic_core

    try:
        shipped = json.loads(CORE_SCHEMA_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shipped = None
    if isinstance(shipped, dict) and shipped.get("pydantic_core") == pydantic_core.__version__:
        try:
            return pydantic_core.SchemaValidator(_with_classes(shipped["schema"]))
        except (pydantic_core.SchemaError, KeyError, TypeError):
            pass  # not a schema this pydantic-core accepts: build the models instead
    from flowdsl.asl.models import StateMachine

    return StateMachine.__pydantic_validator__


def generate() -> dict[str, Any]:
    """The models' core schema as plain data, with the pydantic-core version that made it."""
    import pydantic_core

    from flowdsl.asl.models import StateMachine

    return {
        "pydantic_core": pydantic_core.__version__,
        "schema": _as_data(StateMachine.__pydantic_core_schema__),
    }


def render() -> str:
    # Key order kept: a tagged union lists its tags in messages in the order of its choices.
    return json.dumps(generate(), indent=1, ensure_ascii=False) + "\n"


def _as_data(value: Any) -> Any:
    if isinstance(value, dict):
        model = value.get("type") == "model"
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "metadata":
                continue
            if model and key == "cls":
                out[key] = {"model": item.__name__}
            elif key in ("ref", "schema_ref") and isinstance(item, str):
                # pydantic names a model's definition after the class and its id() in this
                # process; the name alone is unique among the models and the same every time.
                out[key] = _ADDRESS.sub("", item)
            else:
                out[key] = _as_data(item)
        return out
    if isinstance(value, list | tuple):
        return [_as_data(item) for item in value]
    return value


def _with_classes(value: Any) -> Any:
    if isinstance(value, dict):
        model = value.get("type") == "model"
        return {
            key: _Checked if model and key == "cls" else _with_classes(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_classes(item) for item in value]
    return value


if __name__ == "__main__":
    CORE_SCHEMA_PATH.write_text(render(), encoding="utf-8")
