"""Any JSON value at all gives Problems, never an exception (random documents and mutations)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowdsl.validate import Problem, validate_definition
from tests.validate.conftest import VALID, load

KEYS = st.sampled_from(
    ["StartAt", "States", "Type", "Next", "End", "Choices", "Branches", "ItemProcessor", "Catch",
     "Retry", "ErrorEquals", "Resource", "Parameters", "Arguments", "Assign", "Output", "A", "x.$",
     "QueryLanguage", "Variable", "And", "Seconds", "ProcessorConfig", "Mode"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "$",
            "$.a[",
            "{% $x %}",
            "{% 1 + %}",
            "States.ALL",
            "Pass",
            "Task",
            "JSONata",
            "A",
            "States.Format('{}')",
        ]
    ),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_random_documents_never_raise(doc: object) -> None:
    problems = validate_definition(doc)
    assert all(isinstance(p, Problem) for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID), st.data())
def test_mutated_valid_documents_never_raise(path, data) -> None:
    doc = copy.deepcopy(load(path))
    states = doc["States"]
    name = data.draw(st.sampled_from(sorted(states)))
    key = data.draw(KEYS)
    states[name][key] = data.draw(JSON)
    problems = validate_definition(
        doc, workflow_type=data.draw(st.sampled_from(["STANDARD", "EXPRESS"]))
    )
    assert all(isinstance(p, Problem) for p in problems)
