"""IR conditions -> JSONPath Choice rules (Variable + comparison operator, And/Or/Not).

A rule compares the value at a path (`Variable`) with a constant of the operator's type, or with
the value at another path (the `...Path` operators). Types the compiler does not know are tested
at run time (IsString/IsNumeric/...), because a typed operator on a value of another type is
simply false.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
(comparison operators, Is* type tests, IsPresent, StringMatches with `*` and `\\` escapes).
"""

from __future__ import annotations

from typing import Any

from flowdsl.asl.jsonpath_expr import Dyn, JsonPathExpressions, Lit
from flowdsl.ir import expr as ir

Rule = dict[str, Any]

_SUFFIX = {
    "==": "Equals",
    "<": "LessThan",
    "<=": "LessThanEquals",
    ">": "GreaterThan",
    ">=": "GreaterThanEquals",
}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
# The type test that goes with each family of typed operators, when the type is not known.
_TYPE_TESTS = {
    "String": "IsString",
    "Numeric": "IsNumeric",
    "Boolean": "IsBoolean",
    "Timestamp": "IsTimestamp",
}

# isinstance() types that a Choice rule can test.
_IS_TYPE = {
    "string": "IsString",
    "number": "IsNumeric",
    "boolean": "IsBoolean",
    "null": "IsNull",
}


class JsonPathConditions:
    """Builds Choice rules; expressions inside them are rendered by `JsonPathExpressions`."""

    def __init__(self, expressions: JsonPathExpressions) -> None:
        self.x = expressions

    def rule(self, node: ir.Expr) -> Rule:
        method = getattr(self, f"rule_{type(node).__name__}", None)
        if method is None:
            if isinstance(node, ir.Const) and isinstance(node.value, bool):
                # A constant condition: the execution id is always present.
                return {"Variable": "$$.Execution.Id", "IsPresent": node.value}
            # The front end wraps every non-boolean test in Truthy: this is a boolean value.
            return {"Variable": self.path(node, "the condition"), "BooleanEquals": True}
        result: Rule = method(node)
        return result

    def path(self, node: ir.Expr, role: str = "the value compared") -> str:
        rendered = self.x.render(_strip_timestamp(node))
        if isinstance(rendered, Dyn) and rendered.path:
            return rendered.text
        raise self.x.unsupported(
            "a condition on a computed value", f"{role} must be a variable or a field of one"
        )

    # -- connectives ---------------------------------------------------------------------

    def rule_BoolOp(self, node: ir.BoolOp) -> Rule:
        return {"And" if node.op == "and" else "Or": [self.rule(o) for o in node.operands]}

    def rule_Not(self, node: ir.Not) -> Rule:
        return {"Not": self.rule(node.operand)}

    # -- tests ---------------------------------------------------------------------------

    def rule_IsNull(self, node: ir.IsNull) -> Rule:
        # Python's `x is None` is true for a missing field too (as the JSONata form has it).
        variable = self.path(node.operand)
        if node.negate:
            return {
                "And": [
                    {"Variable": variable, "IsPresent": True},
                    {"Variable": variable, "IsNull": False},
                ]
            }
        return {
            "Or": [
                {"Not": {"Variable": variable, "IsPresent": True}},
                {"Variable": variable, "IsNull": True},
            ]
        }

    def rule_TypeTest(self, node: ir.TypeTest) -> Rule:
        """isinstance(): the Is* tests of each type, on a value that is present."""
        variable = self.path(node.operand)
        types = set(node.types)
        if "number" in types and "integer" in types:
            # (int, float) is any number, or a bool (a subclass of int in Python).
            types -= {"integer"}
            types.add("boolean")
        tests: list[Rule] = []
        for json_type in sorted(types):
            operator = _IS_TYPE.get(json_type)
            if operator is None:
                what = {"integer": "int (a whole number)", "array": "list", "object": "dict"}
                raise self.x.unsupported(
                    f"isinstance(x, {what[json_type].split()[0]})",
                    f"Choice rules have no test for {what[json_type]}; "
                    "str, float, bool and type(None) can be tested",
                )
            tests.append({"Variable": variable, operator: True})
        either = tests[0] if len(tests) == 1 else {"Or": tests}
        return {"And": [{"Variable": variable, "IsPresent": True}, either]}

    def rule_Truthy(self, node: ir.Truthy) -> Rule:
        """Python truthiness: true, non-zero, non-empty string, or a list with a first item.

        A dict has no JSONPath test for emptiness: any dict counts as false here.
        """
        v = self.path(node.operand)
        return {
            "And": [
                {"Variable": v, "IsPresent": True},
                {
                    "Or": [
                        {
                            "And": [
                                {"Variable": v, "IsBoolean": True},
                                {"Variable": v, "BooleanEquals": True},
                            ]
                        },
                        {
                            "And": [
                                {"Variable": v, "IsNumeric": True},
                                {"Not": {"Variable": v, "NumericEquals": 0}},
                            ]
                        },
                        {
                            "And": [
                                {"Variable": v, "IsString": True},
                                {"Not": {"Variable": v, "StringEquals": ""}},
                            ]
                        },
                        {"Variable": f"{v}[0]", "IsPresent": True},
                    ]
                },
            ]
        }

    def rule_Builtin(self, node: ir.Builtin) -> Rule:
        if node.name in ("method.startswith", "method.endswith"):
            affix = self.x.render(node.args[1])
            if isinstance(affix, Lit) and isinstance(affix.value, str):
                pattern = _escape_match(affix.value)
                pattern = pattern + "*" if node.name == "method.startswith" else "*" + pattern
                return {"Variable": self.path(node.args[0]), "StringMatches": pattern}
        return self.rule(ir.Truthy(node))

    def rule_Compare(self, node: ir.Compare) -> Rule:
        if node.op in ("in", "not in"):
            rule = self._membership(node)
            return {"Not": rule} if node.op == "not in" else rule
        left, right, op = node.left, node.right, str(node.op)
        if isinstance(self.x.render(_strip_timestamp(left)), Lit):
            left, right, op = right, left, _FLIP[op]
        if op == "!=":
            return {"Not": self._compare("==", left, right, node.timestamps)}
        return self._compare(op, left, right, node.timestamps)

    def _compare(self, op: str, left: ir.Expr, right: ir.Expr, timestamps: bool) -> Rule:
        variable = self.path(left)
        other = self.x.render(_strip_timestamp(right))
        suffix = _SUFFIX[op]
        if isinstance(other, Lit):
            value = other.value
            if value is None and op == "==":
                return self.rule_IsNull(ir.IsNull(left))
            family = _family(value, timestamps)
            if family is None or (family == "Boolean" and op != "=="):
                raise self.x.unsupported(
                    f"comparing with {value!r} using {op!r}", "no Choice operator does that"
                )
            return {"Variable": variable, f"{family}{suffix}": value}
        if not other.path:
            raise self.x.unsupported(
                "a condition on a computed value", "compare variables or their fields"
            )
        families = (
            ["Timestamp"]
            if timestamps
            else (["String", "Numeric", "Boolean"] if op == "==" else ["String", "Numeric"])
        )
        options: list[Rule] = []
        for family in families:
            test = _TYPE_TESTS[family]
            options.append(
                {
                    "And": [
                        {"Variable": variable, test: True},
                        {"Variable": other.text, test: True},
                        {"Variable": variable, f"{family}{suffix}Path": other.text},
                    ]
                }
            )
        if op == "==" and not timestamps:
            options.append(
                {
                    "And": [
                        {"Variable": variable, "IsNull": True},
                        {"Variable": other.text, "IsNull": True},
                    ]
                }
            )
        return options[0] if len(options) == 1 else {"Or": options}

    def _membership(self, node: ir.Compare) -> Rule:
        element = self.x.render(node.left)
        container = self.x.render(node.right)
        if isinstance(container, Lit) and isinstance(container.value, list):
            if not container.value:
                return {"Variable": "$$.Execution.Id", "IsPresent": False}
            return {
                "Or": [self._compare("==", node.left, ir.Const(v), False) for v in container.value]
            }
        if isinstance(element, Lit) and isinstance(element.value, str):
            if node.container == "object":
                return {
                    "Variable": self.path(ir.Field(node.right, element.value)),
                    "IsPresent": True,
                }
            if node.container == "string":
                return {
                    "Variable": self.path(node.right),
                    "StringMatches": "*" + _escape_match(element.value) + "*",
                }
            if node.container == "any":
                # A value of unknown type: a key of a dict or a substring of a str, told apart
                # at run time. A list is never matched: JSONPath has no test of a list's items
                # that a Choice rule can make (README: JSONPath workflows).
                container_path = self.path(node.right)
                return {
                    "Or": [
                        {
                            "Variable": self.path(ir.Field(node.right, element.value)),
                            "IsPresent": True,
                        },
                        {
                            "And": [
                                {"Variable": container_path, "IsString": True},
                                {
                                    "Variable": container_path,
                                    "StringMatches": "*" + _escape_match(element.value) + "*",
                                },
                            ]
                        },
                    ]
                }
        kind = node.container if node.container != "any" else "value of unknown type"
        raise self.x.unsupported(
            f"'in' on a {kind}",
            "a Choice rule tests a key of a dict, a substring of a str, or a constant list",
        )


def _strip_timestamp(node: ir.Expr) -> ir.Expr:
    if isinstance(node, ir.Builtin) and node.name == "timestamp":
        return node.args[0]
    return node


def _family(value: Any, timestamps: bool) -> str | None:
    if timestamps:
        return "Timestamp" if isinstance(value, str) else None
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, str):
        return "String"
    if isinstance(value, int | float):
        return "Numeric"
    return None


def _escape_match(text: str) -> str:
    # StringMatches: `*` is the wildcard; a literal `*` or `\` is escaped with `\`.
    return text.replace("\\", "\\\\").replace("*", "\\*")
