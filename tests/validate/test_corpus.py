"""The corpus: every valid definition passes; every invalid one fails with its rule at its pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.validate import RULES, Problem, validate_definition
from tests.validate.conftest import INVALID, VALID, load, workflow_type_of


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_definition_has_no_problems(path: Path) -> None:
    assert validate_definition(load(path), workflow_type=workflow_type_of(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_definition_reports_its_rule_at_its_pointer(path: Path) -> None:
    case = load(path)
    problems = validate_definition(case["definition"], workflow_type=case["workflow_type"])
    expected = case["expect"]
    found = [(p.code, p.pointer) for p in problems]
    assert (expected["code"], expected["pointer"]) in found, found
    assert path.name.startswith(expected["code"] + "-")


def test_every_rule_has_an_invalid_case_or_a_dedicated_test() -> None:
    covered = {load(path)["expect"]["code"] for path in INVALID}
    # ASL106 (duplicate keys), ASL800 (size) and ASL801 (depth) need input that is not a corpus
    # file: they are tested in test_limits.py.
    covered |= {"ASL106", "ASL800", "ASL801"}
    assert {rule.code for rule in RULES} == covered


def test_rule_codes_are_unique_and_described() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(rule.description and "\n" not in rule.description for rule in RULES)
    assert all(rule.source.startswith("https://") for rule in RULES)


def test_seed_definitions_are_in_the_corpus() -> None:
    names = {path.name for path in VALID}
    assert {"seed-001-callback.asl.json", "seed-003-order-flow.asl.json"} <= names


def test_corpus_covers_every_state_type_in_both_languages() -> None:
    seen: set[tuple[str, str]] = set()

    def walk(states: dict, language: str) -> None:
        for body in states.values():
            lang = body.get("QueryLanguage", language)
            seen.add((body["Type"], lang))
            for branch in body.get("Branches", []):
                walk(branch["States"], language)
            for key in ("ItemProcessor", "Iterator"):
                if key in body:
                    walk(body[key]["States"], language)

    for path in VALID:
        doc = load(path)
        walk(doc["States"], doc.get("QueryLanguage", "JSONPath"))
    types = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
    missing = [
        (t, lang) for t in types for lang in ("JSONPath", "JSONata") if (t, lang) not in seen
    ]
    assert missing == []


def test_problem_carries_state_name_and_is_frozen() -> None:
    case = load(next(p for p in INVALID if p.name.startswith("ASL201-catch")))
    problem = next(p for p in validate_definition(case["definition"]) if p.code == "ASL201")
    assert problem.state == "Check Inventory"
    assert problem.pointer == "/States/Check Inventory/Catch/0/Next"
    with pytest.raises(AttributeError):
        problem.code = "X"  # type: ignore[misc]


def test_all_problems_in_one_pass_in_document_order() -> None:
    doc = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "Missing"},
            "B": {"Type": "Task", "Resource": "nope", "End": True, "Bogus": 1},
            "C": {"Type": "Wait", "End": True},
        },
    }
    problems = validate_definition(doc)
    pointers = [p.pointer for p in problems]
    assert pointers == sorted(pointers, key=lambda s: ["A", "B", "C"].index(s.split("/")[2]))
    codes = {p.code for p in problems}
    assert {"ASL201", "ASL102", "ASL700", "ASL111", "ASL202"} <= codes


def test_output_is_deterministic() -> None:
    doc = load(INVALID[0])["definition"]
    first = [json.dumps(p.to_json(), sort_keys=True) for p in validate_definition(doc)]
    assert first == [json.dumps(p.to_json(), sort_keys=True) for p in validate_definition(doc)]


def test_wrong_shape_never_raises() -> None:
    for doc in (None, [], "text", 3, {"States": []}, {"StartAt": 1, "States": {"A": []}}):
        problems = validate_definition(doc)
        assert problems and all(isinstance(p, Problem) for p in problems)


def test_unknown_workflow_type_is_rejected() -> None:
    with pytest.raises(ValueError):
        validate_definition({}, workflow_type="FAST")
