"""The compiler's golden definitions are valid for flowdsl and for the independent witnesses.

Definitions are read from the golden snapshots of the other test packages
(tests/*/__snapshots__), so this follows whatever the golden cases are. Waived witness findings are explained next to the waiver.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from flowdsl.validate import validate_definition
from tests.validate.test_witnesses import _asl_validator, _cfn_findings

TESTS = Path(__file__).resolve().parents[1]


def _golden() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(TESTS.glob("*/__snapshots__/**/*.json")):
        try:
            snapshot = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(snapshot, dict):
            for key, value in snapshot.items():
                if isinstance(value, dict) and "StartAt" in value and "States" in value:
                    found.append((f"{path.parent.parent.parent.name}/{path.stem}:{key}", value))
    return found


GOLDEN = _golden()
# cfn-lint's Step Functions schema requires numbers where JSONata states may use "{% %}"
# expressions (transforming-data.html: TimeoutSeconds, HeartbeatSeconds, Seconds, MaxConcurrency,
# ToleratedFailure*, ... accept JSONata).
_CFN_JSONATA = re.compile(r"^'\{%.*%\}' is not of type '(number|integer)'$")
# A DefinitionSubstitutions placeholder (`${ActivityArn}`) is replaced by CloudFormation before
# Step Functions sees the definition; cfn-lint checks the unsubstituted text.
_CFN_PLACEHOLDER = re.compile(r"^'\$\{[A-Za-z0-9_:.]+\}' does not match ")
# cfn-lint's schema has no `Parameters` on a Parallel state, which AWS documents ("Parameters
# (Optional, JSONPath only): used to pass information to the state machines defined in the
# Branches array", state-parallel.html); the literal ASL form passes its input that way.
_CFN_PARALLEL_PARAMETERS = "Additional properties are not allowed ('Parameters' was unexpected)"
# asl-validator 4.0.0 only accepts an object or a "{% %}" string as Output, but Output "accepts
# any JSON value (object, array, string, number, boolean, null)" (state-pass.html,
# state-parallel.html); its oneOf failure is followed by a spurious Type error on the same state.
_ASL_VALIDATOR_OUTPUT = re.compile(
    r"SCHEMA_VALIDATION_FAILED: (.*)/(Output is invalid\. must match exactly one schema in oneOf|Type is invalid\. must be equal to one of the allowed values)$"
)

# asl-validator 4.0.0's intrinsic-function grammar has no escapes, but AWS requires `\'`, `\{`,
# `\}` and `\\` for those characters inside an intrinsic's string literal
# (intrinsic-functions.html, "Reserved characters in intrinsic functions").
_ASL_VALIDATOR_ESCAPES = re.compile(
    r'SCHEMA_VALIDATION_FAILED: .*/([^/]+\.\$) is invalid\. must match format "asl_payload_template"$'
)

# The same lag reported on a sibling: asl-validator 4.0.0 reports every `.$` entry of an Assign
# whose other entry uses those escapes as failing its oneOf (alone, the entry validates).
_ASL_VALIDATOR_SIBLING = re.compile(
    r"SCHEMA_VALIDATION_FAILED: /States/([^/]+)/Assign/[^/]+\.\$ is invalid\. must match exactly one schema in oneOf$"
)

if not GOLDEN:
    pytest.skip("no golden definitions in this checkout", allow_module_level=True)


@pytest.mark.parametrize(("name", "definition"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_flowdsl_accepts_golden(name: str, definition: dict) -> None:
    assert validate_definition(definition) == []


@pytest.mark.parametrize(("name", "definition"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_cfn_lint_accepts_golden(name: str, definition: dict) -> None:
    findings = [
        f
        for f in _cfn_findings(definition)
        if not _CFN_JSONATA.match(f[1])
        and not _CFN_PLACEHOLDER.match(f[1])
        and not (f[1] == _CFN_PARALLEL_PARAMETERS and _is_parallel(definition, f[0]))
    ]
    assert findings == []


def _is_parallel(definition: dict, where: str) -> bool:
    """Whether the finding's path (`States/A/Branches/0/States/B/Parameters`) is a Parallel's."""
    node: object = definition
    for step in where.split("/")[:-1]:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and step.isdigit():
            node = node[int(step)]
    return isinstance(node, dict) and node.get("Type") == "Parallel"


@pytest.mark.parametrize(("name", "definition"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_asl_validator_accepts_golden(name: str, definition: dict, tmp_path: Path) -> None:
    tool = _asl_validator()
    if tool is None:
        pytest.skip("asl-validator not installed (npm install --no-save asl-validator@4.0.0)")
    path = tmp_path / "definition.asl.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    proc = subprocess.run(
        [tool, "--json-path", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    output = proc.stdout + proc.stderr
    errors = [line.strip() for line in output.splitlines() if "VALIDATION_FAILED" in line]
    unexplained = []
    for line in errors:
        m = _ASL_VALIDATOR_OUTPUT.search(line)
        escapes = _ASL_VALIDATOR_ESCAPES.search(line)
        if m and _plain_output(definition, m.group(1)):
            continue
        if escapes and _escaped_intrinsics(definition, escapes.group(1)):
            continue
        sibling = _ASL_VALIDATOR_SIBLING.search(line)
        if sibling and _assign_with_escapes(definition, sibling.group(1)):
            continue
        unexplained.append(line)
    assert proc.returncode == 0 or (errors and not unexplained), output


def _assign_with_escapes(definition: dict, state: str) -> bool:
    assigned = definition.get("States", {}).get(state, {}).get("Assign", {})
    return any(key.endswith(".$") and _escaped_intrinsics(definition, key) for key in assigned)


def _escaped_intrinsics(definition: dict, key: str) -> bool:
    """Whether every intrinsic call under `key` is valid for flowdsl, and one uses escapes."""
    from flowdsl.validate.jsonpath import PathError, parse_intrinsic

    values: list[object] = []
    stack: list[object] = [definition]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            values.extend(v for k, v in node.items() if k == key)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    intrinsics = [str(v) for v in values if str(v).startswith("States.")]
    try:
        for value in intrinsics:
            parse_intrinsic(value)
    except PathError:
        return False
    return any("\\" in value for value in intrinsics)


def _plain_output(definition: dict, pointer: str) -> bool:
    """Whether the state at `pointer` has an Output that is a JSON value other than an object."""
    node: object = definition
    for raw in pointer.strip("/").split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and key.isdigit():
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return False
    output = node.get("Output") if isinstance(node, dict) else None
    return output is not None and not isinstance(output, dict)
