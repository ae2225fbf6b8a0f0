"""flowdsl's own JSONPath output (every golden case and seed flow, compiled now) imported back:
the recompiled definition behaves as the compiled one under `verify`'s derived runs."""

from __future__ import annotations

import json

import pytest

from flowdsl.importer import Definition, import_definition
from flowdsl.importer.verify import recompile, verify
from tests.conftest import ROOT
from tests.importer.literal import comments

# The JSONPath golden snapshots: every golden case and seed flow as flowdsl compiles it to
# JSONPath (tests/jsonpath/test_golden.py keeps them current).
SNAPSHOTS = sorted((ROOT / "tests" / "jsonpath" / "__snapshots__" / "test_golden").glob("*.json"))
# What the import still writes as literal ASL (the low-level form) in flowdsl's own output,
# each with the reason its comment in the module gives.
LOW_LEVEL = {
    # States.ArrayContains in an Assign reads back as `x in xs` as a value, which flowdsl's
    # JSONPath writes only as a Choice condition.
    "ComputedConditions": "as a value cannot be written in JSONPath",
    # An AWS SDK Task without Parameters sends its whole input as the request; flowdsl
    # writes each parameter by name.
    "LiteralAsl": "passes its whole input as the API request",
    # flowdsl lowers a try body with a Choice as a graph whose handlers join inside the body.
    "TryCatch": "would be written twice",
    "TryRaise": "would be written twice",
}


def _jsonpath_workflows() -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    for snapshot in SNAPSHOTS:
        found.extend(json.loads(snapshot.read_text(encoding="utf-8")).items())
    return sorted(found, key=lambda item: item[0])


@pytest.mark.parametrize(
    ("name", "definition"), _jsonpath_workflows(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_compiled_workflow_imports_back(name: str, definition: dict) -> None:
    module = import_definition(Definition(name, definition, f"{name}.asl.json"))
    if name in LOW_LEVEL:
        assert module.low_level > 0
        assert LOW_LEVEL[name] in comments(module.source)
    else:
        assert module.low_level == 0, comments(module.source)
    report = verify(definition, recompile(module.source, name))
    assert report.same, "\n".join(d.format() for d in report.differences)
