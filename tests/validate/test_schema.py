"""The shipped JSON Schema is generated from the models, and agrees with them on the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from flowdsl.asl.schema_gen import render_schema, shipped_schema_text
from flowdsl.validate import validate_definition
from tests.validate.conftest import INVALID, VALID, load

SHAPE_CODES = {"ASL101", "ASL102", "ASL103", "ASL104", "ASL105", "ASL107"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(shipped_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schema_matches_the_models() -> None:
    assert shipped_schema_text() == render_schema(), "run: python -m flowdsl.asl.schema_gen"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_schema_accepts_valid_corpus(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    assert [e.message for e in validator.iter_errors(load(path))] == []


@pytest.mark.parametrize(
    "path", [p for p in INVALID if p.name[:6] in SHAPE_CODES], ids=lambda p: p.name
)
def test_schema_rejects_what_the_models_reject(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    definition = load(path)["definition"]
    assert not validator.is_valid(definition)
    assert any(p.code in SHAPE_CODES for p in validate_definition(definition))


@pytest.mark.parametrize(
    "path", [p for p in INVALID if p.name[:6] not in SHAPE_CODES], ids=lambda p: p.name
)
def test_semantic_cases_are_shape_valid(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    # One rule, one place: a semantic rule's case passes the schema, so no rule is enforced twice.
    assert validator.is_valid(load(path)["definition"])
