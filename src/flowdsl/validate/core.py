"""validate_definition: the shape check and every semantic check, in one pass, in document order."""

from __future__ import annotations

from typing import Any

from flowdsl.validate import (
    check_choice,
    check_errors,
    check_expressions,
    check_fields,
    check_graph,
    check_map,
    check_resources,
    check_variables,
)
from flowdsl.validate.context import build
from flowdsl.validate.problem import Problem
from flowdsl.validate.rules import MAX_DEFINITION_BYTES
from flowdsl.validate.shape import shape_problems

# Order matters only for check_variables, which reads what check_expressions records.
CHECKS = (
    check_fields.check,
    check_graph.check,
    check_errors.check,
    check_choice.check,
    check_map.check,
    check_expressions.check,
    check_variables.check,
    check_resources.check,
)
WORKFLOW_TYPES = ("STANDARD", "EXPRESS")
_TOO_DEEP = Problem(
    "ASL801",
    "",
    None,
    "the definition nests Parallel branches or Map processors too deeply to validate",
    "flatten the workflow: split deep nesting into child state machines",
)


def validate_definition(
    doc: object, *, workflow_type: str = "STANDARD", size: int | None = None
) -> list[Problem]:
    """Every problem in an ASL document (parsed JSON), in document order; [] when it is valid.

    `workflow_type` ("STANDARD" or "EXPRESS") enables the Express restrictions. `size` is the
    definition's size in bytes as it will be sent to AWS; by default the compact JSON encoding.
    """
    kind = workflow_type.upper()
    if kind not in WORKFLOW_TYPES:
        raise ValueError(f"workflow_type must be STANDARD or EXPRESS, not {workflow_type!r}")
    try:
        problems = shape_problems(doc)
        if isinstance(doc, dict):
            ctx = build(doc, kind)
            if ctx.too_deep:
                problems = [p for p in problems if p.code != "ASL801"]
                return [*problems, _TOO_DEEP]
            for check in CHECKS:
                check(ctx)
            problems.extend(ctx.problems)
            problems.extend(_size_problems(doc, size))
    except RecursionError:
        return [_TOO_DEEP]
    return _in_document_order(doc, problems)


def _size_problems(doc: dict[str, Any], size: int | None) -> list[Problem]:
    if size is None:
        # pydantic-core's serializer writes the same compact UTF-8 JSON as
        # json.dumps(separators=(",", ":"), ensure_ascii=False), twice as fast.
        from pydantic_core import PydanticSerializationError, to_json

        try:
            size = len(to_json(doc))
        except (PydanticSerializationError, ValueError, TypeError):
            return []  # not JSON at all: the shape problems already say so
    if size > MAX_DEFINITION_BYTES:
        return [
            Problem(
                "ASL800",
                "",
                None,
                f"the definition is {size:,} bytes; Step Functions accepts at most {MAX_DEFINITION_BYTES:,}",
                "move large constants out of the definition (for example into S3 or a parameter)",
            )
        ]
    return []


def _in_document_order(doc: object, problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    if len(unique) < 2:
        return unique
    index: dict[int, dict[str, int]] = {}  # key positions per object, built once per object
    return sorted(unique, key=lambda p: (_position(doc, p.pointer, index), p.code, p.message))


def _position(doc: object, ptr: str, index: dict[int, dict[str, int]]) -> tuple[int, ...]:
    """Where a pointer lies in document order: the index of each step among its siblings."""
    if not ptr:
        return ()
    out: list[int] = []
    node: Any = doc
    for raw in ptr[1:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            positions = index.get(id(node))
            if positions is None:
                positions = index[id(node)] = {k: i for i, k in enumerate(node)}
            if key in positions:
                out.append(positions[key])
                node = node[key]
                continue
            out.append(len(positions))
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            out.append(int(key))
            node = node[int(key)]
            continue
        else:
            out.append(1 << 30)
        node = None
    return tuple(out)
