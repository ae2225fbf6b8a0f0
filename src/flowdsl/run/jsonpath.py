"""JSONPath for JSONPath-language states: paths, `.$` payload templates, ResultPath placement.

Paths follow https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html:
`$` is the state's data, `$$` the context object, `$name` a workflow variable
(https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). Reference paths
(dots and brackets only) are resolved here; paths with wildcards, filters, slices or `..` go to
jsonpath-ng and always yield a list.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from flowdsl.run.errors import RuntimeFailure

Step = str | int

_NAME = re.compile(r"\.([^.\[\]]+)")
_BRACKET = re.compile(r"\[\s*(?:'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|(-?\d+))\s*\]")
_COMPLEX_MARKERS = ("*", "..", "?", "@", ":", ",", "()")


class PathNotFound(Exception):
    """A path selected nothing; the caller turns it into the right States.Runtime message."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


@lru_cache(maxsize=4096)
def parse_reference(path: str) -> tuple[str, str | None, tuple[Step, ...]] | None:
    """Split a reference path into (root, variable name, steps); None when it needs jsonpath-ng.

    root is "$" (data), "$$" (context) or "var" (a workflow variable).
    """
    if not path.startswith("$"):
        raise RuntimeFailure(f"Invalid path {path!r}: a path must start with '$'")
    if any(marker in path for marker in _COMPLEX_MARKERS):
        return None
    if path.startswith("$$"):
        root, variable, rest = "$$", None, path[2:]
    else:
        match = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)", path)
        if match:
            root, variable, rest = "var", match.group(1), path[match.end() :]
        else:
            root, variable, rest = "$", None, path[1:]
    steps: list[Step] = []
    position = 0
    while position < len(rest):
        name = _NAME.match(rest, position)
        if name:
            steps.append(name.group(1))
            position = name.end()
            continue
        bracket = _BRACKET.match(rest, position)
        if bracket:
            quoted = bracket.group(1) if bracket.group(1) is not None else bracket.group(2)
            steps.append(quoted if quoted is not None else int(bracket.group(3)))
            position = bracket.end()
            continue
        raise RuntimeFailure(f"Invalid path {path!r}: cannot parse at {rest[position:]!r}")
    return root, variable, tuple(steps)


def normalized(steps: tuple[Step, ...]) -> str:
    """Render steps the way Step Functions reports them: `$['Payload'][0]`."""
    return "$" + "".join(f"[{s}]" if isinstance(s, int) else f"['{s}']" for s in steps)


def select(path: str, data: Any, context: Any, variables: Any) -> Any:
    """The value `path` selects; PathNotFound when a reference path leads nowhere."""
    parsed = parse_reference(path)
    if parsed is None:
        return _select_complex(path, data, context, variables)
    root, variable, steps = parsed
    if root == "$":
        node = data
    elif root == "$$":
        node = context
    else:
        assert variable is not None
        if not variables.has(variable):
            raise PathNotFound(path)
        node = variables.get(variable)
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                raise PathNotFound(path)
            node = node[step]
        else:
            if not isinstance(node, dict) or step not in node:
                raise PathNotFound(path)
            node = node[step]
    return node


def _select_complex(path: str, data: Any, context: Any, variables: Any) -> list[Any]:
    expression = _compile_complex(path)
    if path.startswith("$$"):
        target, source = expression, context
    else:
        match = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)", path)
        if match:
            if not variables.has(match.group(1)):
                raise PathNotFound(path)
            target, source = (
                _compile_complex("$" + path[match.end() :]),
                variables.get(match.group(1)),
            )
        else:
            target, source = expression, data
    return [m.value for m in target.find(source)]


@lru_cache(maxsize=1024)
def _compile_complex(path: str) -> Any:
    # jsonpath-ng is only needed for wildcard/filter paths; import it on first use.
    from jsonpath_ng.exceptions import JsonPathParserError
    from jsonpath_ng.ext import parse

    source = "$" + path[2:] if path.startswith("$$") else path
    try:
        return parse(source)
    except (JsonPathParserError, Exception) as exc:
        raise RuntimeFailure(f"Invalid path {path!r}: {exc}") from None


def select_io_path(field: str, path: str | None, data: Any, context: Any, variables: Any) -> Any:
    """InputPath / OutputPath / ItemsPath: null means `{}`; a miss is States.Runtime.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
    """
    if path is None:
        return {}
    try:
        return select(path, data, context, variables)
    except PathNotFound:
        raise RuntimeFailure(
            f"Invalid path {path!r} : {_miss(path, data, context, variables)}"
        ) from None


def _miss(path: str, data: Any, context: Any, variables: Any) -> str:
    """Where a reference path leads nowhere, in AWS's words (recorded: test_invalid_jsonpath,
    test_catch_states_runtime): a missing last step is "No results for path: <path>", a
    missing step before it "Missing property in path <path up to that step>"."""
    parsed = parse_reference(path)
    if parsed is None:
        return f"No results for path: {path}"
    root, name, steps = parsed
    node: Any = context if root == "$$" else data
    if name is not None:
        node = variables.get(name) if variables.has(name) else None
    for index, step in enumerate(steps):
        present = (
            isinstance(node, list) and -len(node) <= step < len(node)
            if isinstance(step, int)
            else isinstance(node, dict) and step in node
        )
        if not present:
            if index < len(steps) - 1:
                return f"Missing property in path {normalized(steps[: index + 1])}"
            break
        node = node[step]
    return f"No results for path: {normalized(steps)}"


def put_result(path: str | None, state_input: Any, result: Any) -> Any:
    """Place `result` into a copy of the raw state input at the reference path `path`.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
    (absent = "$": the result replaces the input; null: the result is discarded, the input is
    the output; a path: the input with the result inserted, creating missing objects).
    """
    if path is None:
        return state_input
    parsed = parse_reference(path)
    if parsed is None or parsed[0] != "$":
        raise RuntimeFailure(f"ResultPath {path!r} must be a reference path into the state input")
    steps = parsed[2]
    if not steps:
        return result
    if not isinstance(state_input, dict):
        raise RuntimeFailure(
            f"Unable to apply ResultPath {path!r}: the state input "
            f"{json.dumps(state_input)} is not a JSON object"
        )
    output = copy.deepcopy(state_input)
    node: Any = output
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                raise RuntimeFailure(f"Unable to apply ResultPath {path!r}: index {step} is absent")
            node = node[step]
            continue
        child = node.get(step)
        if not isinstance(child, dict | list):
            child = {}
            node[step] = child
        node = child
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or not -len(node) <= last < len(node):
            raise RuntimeFailure(f"Unable to apply ResultPath {path!r}: index {last} is absent")
        node[last] = result
    elif isinstance(node, dict):
        node[last] = result
    else:
        raise RuntimeFailure(f"Unable to apply ResultPath {path!r}: its parent is not an object")
    return output


def resolve_template(
    template: Any, data: Any, context: Any, variables: Any, evaluate_intrinsic: Any
) -> Any:
    """Parameters / ResultSelector / ItemSelector / Assign: copy, evaluating `"key.$"` values.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
    (a key ending in `.$` takes a path or an intrinsic function and loses the suffix).
    """
    if isinstance(template, dict):
        out: dict[str, Any] = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                out[key[:-2]] = _resolve_dynamic(
                    key, value, data, context, variables, evaluate_intrinsic
                )
            else:
                out[key] = resolve_template(value, data, context, variables, evaluate_intrinsic)
        return out
    if isinstance(template, list):
        return [resolve_template(v, data, context, variables, evaluate_intrinsic) for v in template]
    return template


def _resolve_dynamic(
    key: str, value: str, data: Any, context: Any, variables: Any, evaluate_intrinsic: Any
) -> Any:
    if value.startswith("States."):
        return evaluate_intrinsic(value, data, context, variables)
    try:
        return select(value, data, context, variables)
    except PathNotFound:
        source = context if value.startswith("$$") else data
        raise RuntimeFailure(
            f"The JSONPath {value!r} specified for the field {key!r} could not be found in the "
            f"input '{json.dumps(source, separators=(',', ':'))}'"
        ) from None
