"""Values a JSONPath Choice rule cannot compute, bound to temporaries in a Pass before it.

A Choice rule compares the value at a path (`Variable`) with a constant or another path
(https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html): `len(items) > 0` or
`x in allowed` has no path to compare. An intrinsic can compute the value
(`States.ArrayLength`, `States.ArrayContains`), so the compiler evaluates it in a Pass state's
Assign first and the rule tests the variable, as a hand-writer would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flowdsl.ir import expr as ir


def hoisted(condition: ir.Expr, new_name: Callable[[], str], values: dict[ir.Expr, str]) -> ir.Expr:
    """`condition` with each computed operand replaced by a variable; `values` gathers each
    variable's value (one variable for a value met twice, in the conditions of one Choice)."""

    def bind(value: ir.Expr) -> ir.Expr:
        if is_path(value) or isinstance(value, ir.Const):
            return value
        if value not in values:  # the same value twice is computed once
            values[value] = new_name()
        return ir.Var(values[value])

    def walk(node: ir.Expr) -> ir.Expr:
        match node:
            case ir.BoolOp(operands=operands):
                return replace(node, operands=tuple(walk(o) for o in operands))
            case ir.Not(operand=operand):
                return replace(node, operand=walk(operand))
            case ir.Compare(op="in" | "not in", container="array") if not isinstance(
                node.right, ir.Const
            ):
                # Membership in a list known only at run time: States.ArrayContains, a boolean.
                test = ir.Compare("in", node.left, node.right, "array")
                variable = bind(test)
                return ir.Not(variable) if node.op == "not in" else variable
            case ir.Compare(op="in" | "not in"):
                return replace(node, right=bind(node.right))
            case ir.Compare():
                return replace(
                    node, left=_timestamp(node.left, bind), right=_timestamp(node.right, bind)
                )
            case (
                ir.IsNull(operand=operand)
                | ir.Truthy(operand=operand)
                | ir.TypeTest(operand=operand)
            ):
                return replace(node, operand=bind(operand))
        return node

    return walk(condition)


def _timestamp(node: ir.Expr, bind: Callable[[ir.Expr], ir.Expr]) -> ir.Expr:
    if isinstance(node, ir.Builtin) and node.name == "timestamp":
        return replace(node, args=(bind(node.args[0]),))
    return bind(node)


def is_path(node: ir.Expr) -> bool:
    """Whether JSONPath reaches the value by a reference path (`$x.a[0]`, `$$.Execution.Id`)."""
    match node:
        case ir.Var() | ir.StateInput() | ir.ContextPath():
            return True
        case ir.Field(obj=obj):
            return is_path(obj)
        case ir.Index(obj=obj, index=ir.Const(value=int() as position)):
            return position >= 0 and is_path(obj)
    return False
