"""The import's fallback: what has no Python form is written as literal ASL (`asl_state`,
`asl_states`), with a `#` comment that says why, and counted.

Every refusal of the import is an `Unsupported` raised where a state or a structure has no
Python form; this module is the one place that turns such a refusal into the low-level form:
- one state (a Task, Pass, Wait, Parallel or Map) -> `data = asl_state("Name", {...},
  input=data)`: its Next/End are flowdsl's, its Catch stays a try/except around the call;
- a scope whose structure Python cannot say (a state reached from two places that are no
  if/else, a loop left from an inner one, a Choice rule with no condition form) ->
  `return asl_states({...the scope...}, input=data)`;
- a whole definition the import cannot read at all (JSONata today) -> the same, as the body.
A state that assigns variables cannot be a literal on its own (its variables would stay in the
literal's scope, a Parallel branch), so it makes its scope a literal instead.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from flowdsl.asl.variable_reads import variables_read
from flowdsl.frontend.symbols import JSONATA_FUNCTIONS
from flowdsl.importer import paths
from flowdsl.importer.code import Stmt, assign, literal
from flowdsl.importer.parts import ModuleParts
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported

# States that do their work and move on; the others decide where to go (Choice) or end the
# scope (Succeed, Fail), which a literal state that hands back to Python cannot do.
_ONE_STATE_TYPES = ("Task", "Pass", "Wait", "Parallel", "Map")
_PARTITION = re.compile(r"^arn:\$\{[^}]+\}:states:::")
# Fields flowdsl writes for the state: where it goes, and the Catch its try/except becomes.
_OWNED = ("Next", "End", "Catch")


def state(
    name: str, body: dict[str, Any], frame: Frame, parts: ModuleParts, why: Unsupported
) -> list[Stmt] | None:
    """`data = asl_state("Name", {...}, input=data)` for one state, or None when the state
    cannot stand alone as a literal (it assigns variables, or reads one by another name)."""
    if body.get("Type") not in _ONE_STATE_TYPES or _assigns(body):
        return None
    if not _reads_by_own_name(body):
        return None
    fields = {key: value for key, value in _in_aws_partition(body).items() if key not in _OWNED}
    call = _call("asl_state", [ast.Constant(name), literal(fields)], paths.name(frame.data), parts)
    return [
        Stmt(
            node=ast.fix_missing_locations(assign(paths.name(frame.data), call)),
            note=_note(why),
        )
    ]


def scope(
    states: dict[str, Any], start: str, frame: Frame, parts: ModuleParts, why: Unsupported
) -> list[Stmt]:
    """`return asl_states({...}, input=data)`: the whole scope as literal ASL."""
    definition = {"StartAt": start, "States": _in_aws_partition(states)}
    call = _call("asl_states", [literal(definition)], paths.name(frame.data), parts)
    statement = ast.fix_missing_locations(ast.Return(value=call))
    return [Stmt(node=statement, note=_note(why))]


def _call(form: str, args: list[ast.expr], value_in: ast.expr, parts: ModuleParts) -> ast.expr:
    parts.imports.add(form)
    parts.low_level += 1
    return ast.Call(
        func=paths.name(form), args=args, keywords=[ast.keyword(arg="input", value=value_in)]
    )


def _note(why: Unsupported) -> str:
    return f"Literal ASL (flowdsl's low-level form): {why}"


def _in_aws_partition(node: Any) -> Any:
    """Integration Resources as flowdsl writes them, `arn:aws:states:::...`: a template's
    `arn:${AWS::Partition}:states:::...` names the same integration in the aws partition, and
    the IAM derivation knows integrations by that form (a placeholder there resolves nothing)."""
    if isinstance(node, dict):
        return {
            key: _PARTITION.sub("arn:aws:states:::", value)
            if key == "Resource" and isinstance(value, str)
            else _in_aws_partition(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_in_aws_partition(value) for value in node]
    return node


def _assigns(node: Any) -> bool:
    """Whether the state (or any state inside it) assigns workflow variables."""
    if isinstance(node, dict):
        return "Assign" in node or any(_assigns(value) for value in node.values())
    if isinstance(node, list):
        return any(_assigns(value) for value in node)
    return False


def _reads_by_own_name(body: dict[str, Any]) -> bool:
    """The workflow variables the state reads are Python variables of the same name (a
    JSONata function's name or one the import renames would be another name in ASL)."""
    return all(
        paths.variable_name(name) == name and name not in JSONATA_FUNCTIONS
        for name in variables_read(body)
    )
