"""The shipped core schema is the models' own, and its validator reports what theirs reports."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pydantic_core
import pytest

from flowdsl.asl import core_schema
from flowdsl.asl.models import StateMachine
from tests.validate.conftest import INVALID, VALID, load

SHIPPED = json.loads(core_schema.CORE_SCHEMA_PATH.read_text(encoding="utf-8"))
SAME_PYDANTIC = SHIPPED["pydantic_core"] == pydantic_core.__version__


def errors(validate: Any, document: Any) -> list[dict[str, Any]]:
    try:
        validate(document)
    except pydantic_core.ValidationError as exc:
        return list(exc.errors(include_url=False))
    return []


def documents() -> list[Any]:
    """The corpus, and each valid definition broken in the ways shape checks catch."""
    found: list[Any] = [load(p) for p in VALID]
    found += [load(p)["definition"] for p in INVALID]
    for valid in [load(p) for p in VALID]:
        for name, state in valid["States"].items():
            for breakage in (
                {"Type": "Nope"},
                {"Unknown": 1},
                {"TimeoutSeconds": "ten"},
                {"Retry": [{"ErrorEquals": [], "MaxAttempts": -1}]},
                {"Catch": [{"Next": 3}]},
            ):
                broken = copy.deepcopy(valid)
                broken["States"][name] = {**state, **breakage}
                found.append(broken)
            found.append({**valid, "States": {name: "not a state"}})
    return found


@pytest.mark.skipif(not SAME_PYDANTIC, reason="shipped for another pydantic-core: not used")
def test_shipped_core_schema_matches_the_models() -> None:
    text = core_schema.CORE_SCHEMA_PATH.read_text(encoding="utf-8")
    assert text == core_schema.render(), "run: python -m flowdsl.asl.core_schema"


@pytest.mark.skipif(not SAME_PYDANTIC, reason="shipped for another pydantic-core: not used")
def test_shipped_validator_is_used_and_reports_what_the_models_report() -> None:
    fast = core_schema.shape_validator()
    assert fast is not StateMachine.__pydantic_validator__
    cases = documents()
    assert len(cases) > 100
    reported = 0
    for document in cases:
        expected = errors(StateMachine.model_validate, document)
        assert errors(fast.validate_python, document) == expected
        reported += len(expected)
    assert reported > 100  # the broken cases really are broken


def validator_from(document: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The validator shape checks use when the shipped file holds `document`."""
    shipped = tmp_path / "core_schema.json"
    shipped.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(core_schema, "CORE_SCHEMA_PATH", shipped)
    core_schema.shape_validator.cache_clear()
    try:
        return core_schema.shape_validator()
    finally:
        core_schema.shape_validator.cache_clear()


def test_another_pydantic_core_builds_the_models_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = {**SHIPPED, "pydantic_core": "0.0.0"}
    assert validator_from(other, tmp_path, monkeypatch) is StateMachine.__pydantic_validator__


def test_a_schema_this_pydantic_core_refuses_builds_the_models_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = {"pydantic_core": pydantic_core.__version__, "schema": {"type": "no-such-type"}}
    assert validator_from(refused, tmp_path, monkeypatch) is StateMachine.__pydantic_validator__
