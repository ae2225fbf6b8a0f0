"""Shape problems: run the ASL models' compiled validator and turn its errors into Problems."""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import ValidationError

from flowdsl.asl.core_schema import shape_validator
from flowdsl.validate.problem import Part, Problem, pointer, state_of

# pydantic error types -> rule codes (descriptions in flowdsl.validate.rules).
_MISSING = {"missing"}
_EXTRA = {"extra_forbidden"}
_TAG = {"union_tag_invalid", "union_tag_not_found"}
_TYPE_SUFFIX = "_type"

# Names pydantic gives union branches in error locations -> what a user calls them.
_BRANCH_NAMES = {
    "int": "an integer",
    "constrained-int": "an integer",
    "float": "a number",
    "constrained-float": "a number",
    "str": "a string",
    "constrained-str": 'a JSONata expression "{% ... %}"',
    "bool": "a boolean",
    "list[any]": "an array",
    "dict[str,any]": "an object",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _resolve(
    doc: Any, loc: tuple[Any, ...], missing: bool
) -> tuple[tuple[Part, ...], tuple[Any, ...], bool]:
    """Follow a pydantic location through the document.

    Returns the document path it names, the location parts that were not document keys (union
    branch and tag names), and whether the error is about a dict key rather than its value.
    """
    parts: list[Part] = []
    extra: list[Any] = []
    node = doc
    is_key = False
    for index, item in enumerate(loc):
        if item == "[key]":
            is_key = True
            continue
        in_dict = isinstance(node, dict) and isinstance(item, str) and item in node
        in_list = isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node)
        if in_dict or in_list:
            parts.append(item)
            node = node[item]
        elif missing and index == len(loc) - 1 and isinstance(node, dict):
            # A missing field: the pointer names where it should be.
            parts.append(item)
            node = None
        else:
            extra.append(item)
    return tuple(parts), tuple(extra), is_key


def _value_at(doc: Any, parts: tuple[Part, ...]) -> Any:
    node = doc
    for p in parts:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def shape_problems(doc: Any) -> list[Problem]:
    """Validate `doc` against the ASL models; one Problem per offending place."""
    try:
        shape_validator().validate_python(doc)
    except ValidationError as exc:
        errors: list[Any] = list(exc.errors(include_url=False))
    else:
        return []
    grouped: dict[tuple[tuple[Part, ...], bool], list[tuple[dict[str, Any], tuple[Any, ...]]]] = {}
    for err in errors:
        parts, extra, is_key = _resolve(doc, tuple(err["loc"]), err["type"] == "missing")
        grouped.setdefault((parts, is_key), []).append((err, extra))
    problems = []
    for (parts, is_key), errs in grouped.items():
        problems.append(_problem(doc, parts, is_key, errs))
    return problems


def _problem(
    doc: Any,
    parts: tuple[Part, ...],
    is_key: bool,
    errs: list[tuple[dict[str, Any], tuple[Any, ...]]],
) -> Problem:
    where = pointer(parts)
    state = state_of(parts)
    field = parts[-1] if parts else None
    if is_key:
        return Problem("ASL107", where, state, f"state name {field!r} must be 1 to 80 characters")
    err, _ = errs[0]
    kind = err["type"]
    if kind == "recursion_depth_exceeded":
        return Problem(
            "ASL801",
            "",
            None,
            "the definition nests Parallel branches or Map processors too deeply to validate",
        )
    if kind in _MISSING:
        return Problem("ASL101", where, state, f"missing required field {field!r}")
    if kind in _EXTRA:
        return Problem("ASL102", where, state, f"field {field!r} is not allowed here")
    if kind in _TAG:
        value = _value_at(doc, parts)
        tag = value.get("Type") if isinstance(value, dict) else None
        expected = "Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"
        if tag is None:
            return Problem("ASL103", where, state, f"state has no Type; expected one of {expected}")
        return Problem(
            "ASL103",
            where + "/Type",
            state,
            f"unknown state Type {tag!r}; expected one of {expected}",
        )
    value = _value_at(doc, parts)
    got = _json_type(value)
    if len(errs) > 1:
        # A union (for example an integer or a JSONata expression): report the branch whose JSON
        # type matches the value if it failed on a constraint, else list what was expected.
        constraint = [
            e
            for e, _ in errs
            if not e["type"].endswith(_TYPE_SUFFIX) and e["type"] != "string_pattern_mismatch"
        ]
        if constraint and not (got == "string" and _is_pattern_branch(errs)):
            return Problem("ASL105", where, state, f"{field!r}: {constraint[0]['msg']}")
        names = []
        for _, extra in errs:
            name = _BRANCH_NAMES.get(str(extra[-1]) if extra else "") if extra else None
            name = name or "an object"
            if name not in names:
                names.append(name)
        return Problem(
            "ASL104",
            where,
            state,
            f"{field!r} must be {' or '.join(names)}, not {got}",
            _placeholder_hint(value),
        )
    if kind.endswith(_TYPE_SUFFIX) or kind in {
        "model_type",
        "dict_type",
        "list_type",
        "model_attributes_type",
    }:
        return Problem(
            "ASL104",
            where,
            state,
            f"{_label(field)} must be {_expected(kind)}, not {got}",
            _placeholder_hint(value),
        )
    if kind == "string_pattern_mismatch":
        reason = _PATTERN_MESSAGES.get(str(field), "does not have the allowed form")
        return Problem("ASL105", where, state, f"{_label(field)} {reason}")
    return Problem("ASL105", where, state, f"{_label(field)}: {err['msg']}")


def _placeholder_hint(value: Any) -> str | None:
    """Why a `${Placeholder}` string is no number: CloudFormation's DefinitionSubstitutions
    replace the text between the quotes, so `"Seconds": "${Wait}"` reaches Step Functions as
    `"Seconds": "60"`, a string, which CreateStateMachine rejects ("SCHEMA_VALIDATION_FAILED:
    Expected value of type Integer", as reported in serverless-operations/serverless-step-functions
    #188 and #602)."""
    if not (isinstance(value, str) and _PLACEHOLDER.fullmatch(value)):
        return None
    return (
        "a ${Placeholder} is filled inside its quotes, so the value stays a string; write the "
        "number, or read it at run time with the field's Path form (SecondsPath, ...)"
    )


_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")

_PATTERN_MESSAGES = {
    "Label": "may not contain whitespace, brackets, wildcards, special or control characters",
}


def _is_pattern_branch(errs: list[tuple[dict[str, Any], tuple[Any, ...]]]) -> bool:
    return any(e["type"] == "string_pattern_mismatch" for e, _ in errs)


def _label(field: Part | None) -> str:
    if field is None:
        return "the definition"
    if isinstance(field, int):
        return f"item {field}"
    return repr(field)


_EXPECTED = {
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "a boolean",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}


def _expected(kind: str) -> str:
    return _EXPECTED.get(kind, kind.removesuffix(_TYPE_SUFFIX).replace("_", " "))
