"""Every golden case and seed workflow compiled to JSONPath: snapshots, or the FD180 rejection.

The seeds and tests/compiler/cases are written for JSONata and compiled here in the mode they
are not written in; tests/jsonpath/cases are written for JSONPath and also compile to JSONata.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.validate import validate_definition
from tests.conftest import CASES, FLOWS, compile_file
from tests.jsonpath.helpers import compile_as, definitions

JSONPATH_CASES = Path(__file__).parent / "cases"
# Cases that say something JSONPath cannot: (line, words of the message).
REJECTED = {
    "expressions": (9, "sum()"),
    "merges": (16, "list()"),
    "format_specs": (7, "a format spec in an f-string"),
    "slices": (9, "slicing"),
    "branching_maps": (21, "appending to 'results' in a for loop"),
    "parallel_map": (22, "a comprehension without a service call"),
}
FILES = (
    sorted(CASES.glob("*.py")) + sorted(FLOWS.glob("*.py")) + sorted(JSONPATH_CASES.glob("*.py"))
)


def _id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


@pytest.mark.parametrize("path", [p for p in FILES if p.stem not in REJECTED], ids=_id)
def test_compiles_to_valid_jsonpath(path: Path, json_snapshot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = compile_as(path, "JSONPath", monkeypatch)
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    documents = definitions(result)
    for name, document in documents.items():
        assert document["QueryLanguage"] == "JSONPath"
        assert "{%" not in json.dumps(document), name  # no JSONata left behind
        workflow_type = next(w.workflow_type for w in result.workflows if w.name == name)
        assert validate_definition(document, workflow_type=workflow_type) == [], name
    again = definitions(compile_as(path, "JSONPath", monkeypatch))
    assert json.dumps(again) == json.dumps(documents)  # same bytes, same key order
    assert documents == json_snapshot


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_what_jsonpath_cannot_say_is_fd180_naming_jsonata(case: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    line, words = REJECTED[case]
    result = compile_as(CASES / f"{case}.py", "JSONPath", monkeypatch)
    assert result.workflows == []
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "FD180"
    assert diagnostic.location is not None
    assert (Path(diagnostic.location.path).name, diagnostic.location.line) == (f"{case}.py", line)
    assert words in diagnostic.message
    assert diagnostic.hint is not None and 'query_language="JSONata"' in diagnostic.hint
    assert "Traceback" not in diagnostic.format()


@pytest.mark.parametrize("path", sorted(JSONPATH_CASES.glob("*.py")), ids=_id)
def test_jsonpath_cases_compile_to_jsonata_too(path: Path) -> None:
    result = compile_file(path)
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    assert {w.definition["QueryLanguage"] for w in result.workflows} == {"JSONPath"}


@pytest.mark.parametrize("path", [p for p in FILES if p.stem not in REJECTED], ids=_id)
def test_both_forms_need_the_same_permissions(path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """IAM is derived from the ASL alone: Parameters must grant what Arguments grant."""
    forms = [compile_as(path, language, monkeypatch) for language in ("JSONata", "JSONPath")]
    policies = [
        {name: text for name, text in form.files().items() if name.endswith("policy.json")}
        for form in forms
    ]
    assert policies[0] == policies[1]
