"""Expression checks: JSONPath paths, reference paths, intrinsic functions, payload templates
(`.$` keys) and JSONata `{% %}` expressions; records every variable they read for check_variables.

Which field holds what: https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
(Path vs ReferencePath), .../input-output-inputpath-params.html (`.$` templates),
.../intrinsic-functions.html, .../transforming-data.html (the fields JSONata evaluates).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from flowdsl.validate.context import JSONATA, Context, Scope, StateRef, as_dict, as_list
from flowdsl.validate.jsonata_expr import JsonataSyntaxError, expression_variables
from flowdsl.validate.jsonpath import PathError, is_intrinsic, parse_intrinsic, parse_path
from flowdsl.validate.problem import Part

Parts = tuple[Part, ...]

# JSONPath fields holding a Path, and fields holding a ReferencePath (relative to the state).
_PATHS = ("InputPath", "OutputPath")
_REFERENCE_PATHS = (
    "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
    "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath",
)  # fmt: skip
_NESTED_REFERENCE_PATHS = (
    (("ItemReader", "ReaderConfig"), "MaxItemsPath"),
    (("ItemBatcher",), "MaxItemsPerBatchPath"),
    (("ItemBatcher",), "MaxInputBytesPerBatchPath"),
)
# JSONPath payload templates, whose `.$` keys hold paths or intrinsic functions.
_TEMPLATES = (
    ("Parameters",), ("ResultSelector",), ("ItemSelector",), ("Assign",), ("Credentials",),
    ("ItemReader", "Parameters"), ("ResultWriter", "Parameters"), ("ItemBatcher", "BatchInput"),
)  # fmt: skip
_TEMPLATE_FIELDS = frozenset(path[0] for path in _TEMPLATES if len(path) == 1)
_NESTED_HOLDERS = frozenset({"ItemReader", "ItemBatcher", "ResultWriter"})
# Fields a JSONata state evaluates (any string inside may be a `{% %}` expression).
_JSONATA_FIELDS = (
    ("Arguments",), ("Output",), ("Assign",), ("Items",), ("ItemSelector",),
    ("TimeoutSeconds",), ("HeartbeatSeconds",), ("Seconds",), ("Timestamp",),
    ("MaxConcurrency",), ("ToleratedFailurePercentage",), ("ToleratedFailureCount",),
    ("Error",), ("Cause",), ("Credentials",), ("ItemReader", "Arguments"),
    ("ItemReader", "ReaderConfig", "MaxItems"), ("ResultWriter", "Arguments"),
    ("ItemBatcher", "MaxItemsPerBatch"), ("ItemBatcher", "MaxInputBytesPerBatch"),
    ("ItemBatcher", "BatchInput"),
)  # fmt: skip
_JSONATA_BY_HOLDER: dict[str, list[tuple[str, ...]]] = {}
for _path_spec in _JSONATA_FIELDS:
    _JSONATA_BY_HOLDER.setdefault(_path_spec[0], []).append(_path_spec)
_JSONATA_HOLDERS = frozenset(_JSONATA_BY_HOLDER)
# Numeric fields that accept `{% %}` only in JSONata states.
_NUMERIC_EXPRESSION_FIELDS = frozenset(
    {
        "TimeoutSeconds", "HeartbeatSeconds", "Seconds", "MaxConcurrency",
        "ToleratedFailurePercentage", "ToleratedFailureCount", "MaxItems", "MaxItemsPerBatch",
        "MaxInputBytesPerBatch",
    }
)  # fmt: skip


def check(ctx: Context) -> None:
    """Check the expressions of every state in the query language it uses."""
    for ref in ctx.states:
        if ref.language == JSONATA:
            _check_jsonata_state(ctx, ref)
        else:
            _check_jsonpath_state(ctx, ref)


def _get(body: Any, path: tuple[str, ...]) -> Any:
    node: Any = body
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


_MISSING = object()


# -- JSONPath ----------------------------------------------------------------------------------


def _check_jsonpath_state(ctx: Context, ref: StateRef) -> None:
    body, scope, base = ref.body, ref.scope, ref.parts
    # One pass over the state's own keys (a state has few): each key has at most one job.
    for key, value in body.items():
        if key in _PATHS:
            if isinstance(value, str):
                _path(ctx, scope, (*base, key), value, reference=False)
        elif key in _REFERENCE_PATHS:
            if isinstance(value, str):
                _path(ctx, scope, (*base, key), value, reference=True)
        elif key in ("ErrorPath", "CausePath"):
            if isinstance(value, str):
                _path_or_intrinsic(ctx, scope, (*base, key), value)
        elif key == "ResultPath":
            _result_path(ctx, body, base)
        elif key in _TEMPLATE_FIELDS:
            _template(ctx, scope, (*base, key), value)
        elif key in _NESTED_HOLDERS:
            _jsonpath_nested(ctx, scope, base, key, value)
        elif key == "Catch":
            for i, catcher in enumerate(as_list(value)):
                catcher = as_dict(catcher)
                _result_path(ctx, catcher, (*base, "Catch", i))
                if "Assign" in catcher:
                    _template(ctx, scope, (*base, "Catch", i, "Assign"), catcher["Assign"])
        elif key == "Choices":
            for i, rule in enumerate(as_list(value)):
                rule = as_dict(rule)
                _choice_paths(ctx, scope, rule, (*base, "Choices", i))
                if "Assign" in rule:
                    _template(ctx, scope, (*base, "Choices", i, "Assign"), rule["Assign"])
        elif (
            key in _NUMERIC_EXPRESSION_FIELDS and isinstance(value, str) and value.startswith("{%")
        ):
            ctx.add(
                "ASL605",
                (*base, key),
                f"{key} holds a JSONata expression, but this state uses JSONPath",
                f'use {key}Path, or set "QueryLanguage": "JSONata"',
            )


def _jsonpath_nested(ctx: Context, scope: Scope, base: Parts, key: str, value: Any) -> None:
    """Paths and templates inside ItemReader, ItemBatcher and ResultWriter."""
    for holder, field in _NESTED_REFERENCE_PATHS:
        if holder[0] == key:
            inner = _get(value, (*holder[1:], field))
            if isinstance(inner, str):
                _path(ctx, scope, (*base, *holder, field), inner, reference=True)
    for path in _TEMPLATES:
        if len(path) == 2 and path[0] == key:
            inner = _get(value, path[1:])
            if inner is not _MISSING:
                _template(ctx, scope, (*base, *path), inner)


def _result_path(ctx: Context, holder: dict[str, Any], parts: Parts) -> None:
    value = holder.get("ResultPath")
    if not isinstance(value, str):
        return
    try:
        info = parse_path(value, reference=True)
    except PathError as exc:
        ctx.add(exc.code, (*parts, "ResultPath"), str(exc))
        return
    if info.root != "input":
        ctx.add(
            "ASL601",
            (*parts, "ResultPath"),
            f"ResultPath {value!r} must point into the state input ('$...')",
        )


@lru_cache(maxsize=8192)
def _read(text: str, reference: bool, intrinsic: bool) -> tuple[tuple[str, ...], PathError | None]:
    """The variables a path (or intrinsic call) reads, or why it is invalid; cached by text."""
    try:
        infos = parse_intrinsic(text) if intrinsic else [parse_path(text, reference=reference)]
    except PathError as exc:
        return (), exc
    return tuple(info.variable for info in infos if info.variable), None


def _path(ctx: Context, scope: Scope, parts: Parts, text: str, *, reference: bool) -> None:
    _record(ctx, scope, parts, _read(text, reference, False))


def _path_or_intrinsic(ctx: Context, scope: Scope, parts: Parts, text: str) -> None:
    _record(ctx, scope, parts, _read(text, False, is_intrinsic(text)))


def _record(
    ctx: Context, scope: Scope, parts: Parts, read: tuple[tuple[str, ...], PathError | None]
) -> None:
    variables, error = read
    if error is not None:
        ctx.add(error.code, parts, str(error))
    for name in variables:
        ctx.references.append((name, parts, scope))


def _objects(value: Any, parts: Parts) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Every JSON object inside a value, with its path (paths are built only for containers)."""
    if isinstance(value, dict):
        yield parts, value
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                yield from _objects(inner, (*parts, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            if isinstance(inner, dict | list):
                yield from _objects(inner, (*parts, i))


def _template(ctx: Context, scope: Scope, parts: Parts, value: Any) -> None:
    for here, node in _objects(value, parts):
        for key, inner in node.items():
            if not key.endswith(".$"):
                continue
            where = (*here, key)
            if key[:-2] in node:
                ctx.add("ASL608", where, f"both {key[:-2]!r} and {key!r} are set; keep one")
            if not isinstance(inner, str):
                ctx.add(
                    "ASL608",
                    where,
                    f"the value of {key!r} must be a path or intrinsic function string",
                )
                continue
            _path_or_intrinsic(ctx, scope, where, inner)


def _choice_paths(ctx: Context, scope: Scope, rule: dict[str, Any], parts: Parts) -> None:
    for key, value in rule.items():
        if (key == "Variable" or key.endswith("Path")) and isinstance(value, str):
            _path(ctx, scope, (*parts, key), value, reference=False)
    for op in ("And", "Or"):
        for i, sub in enumerate(as_list(rule.get(op))):
            _choice_paths(ctx, scope, as_dict(sub), (*parts, op, i))
    if isinstance(rule.get("Not"), dict):
        _choice_paths(ctx, scope, rule["Not"], (*parts, "Not"))


# -- JSONata -----------------------------------------------------------------------------------


def _check_jsonata_state(ctx: Context, ref: StateRef) -> None:
    body = ref.body
    for key in body.keys() & _JSONATA_HOLDERS:
        for path in _JSONATA_BY_HOLDER[key]:
            value = _get(body, path)
            if value is not _MISSING:
                _jsonata_value(ctx, ref.scope, (*ref.parts, *path), value)
    for field in ("Catch", "Choices"):
        for i, entry in enumerate(as_list(body.get(field))):
            entry = as_dict(entry)
            for key in ("Assign", "Output", "Condition"):
                if key in entry:
                    _jsonata_value(ctx, ref.scope, (*ref.parts, field, i, key), entry[key])


def _jsonata_value(ctx: Context, scope: Scope, parts: Parts, value: Any) -> None:
    if isinstance(value, str):
        if value.startswith("{%") or value.endswith("%}"):
            _expression(ctx, scope, parts, value)
        return
    if isinstance(value, list):
        for i, inner in enumerate(value):
            if isinstance(inner, str):
                if inner.startswith("{%") or inner.endswith("%}"):
                    _expression(ctx, scope, (*parts, i), inner)
            elif isinstance(inner, dict | list):
                _jsonata_value(ctx, scope, (*parts, i), inner)
        return
    if not isinstance(value, dict):
        return
    # A key ending in ".$" is a plain key in a JSONata state: AWS creates such a definition and
    # outputs the key as written (LocalStack's AWS-validated outputdecl test_base_cases,
    # BASE_LITERALS), so it is not reported.
    for key, inner in value.items():
        # Strings are the common leaf: test them here rather than pay a call for each.
        if isinstance(inner, str):
            if inner.startswith("{%") or inner.endswith("%}"):
                _expression(ctx, scope, (*parts, key), inner)
        elif isinstance(inner, dict | list):
            _jsonata_value(ctx, scope, (*parts, key), inner)


def _expression(ctx: Context, scope: Scope, parts: Parts, text: str) -> None:
    if not text.startswith("{%"):
        # "10 %}": half a delimiter is a typo, not the literal text it would otherwise be.
        ctx.add(
            "ASL605", parts, "a JSONata expression must start with '{%'", 'write "{% expression %}"'
        )
        return
    if not text.endswith("%}") or len(text) < 4:
        ctx.add(
            "ASL605", parts, "a JSONata expression must end with '%}'", 'write "{% expression %}"'
        )
        return
    try:
        names = expression_variables(text[2:-2])
    except JsonataSyntaxError as exc:
        ctx.add("ASL604", parts, f"JSONata expression does not parse: {exc}")
        return
    references = ctx.references
    for name in names:
        if name != "states":
            references.append((name, parts, scope))
