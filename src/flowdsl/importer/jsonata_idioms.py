"""The JSONata shapes flowdsl's own compiler writes for Python (asl/jsonata.py), recognised as
the Python they came from: `($t := x; $type($t) = 'array' ? $count($t) > 0 : $boolean($t))`
is `bool(x)`, the long `$type` test that writes a value as Python's str() is `str(x)`, a
`$reduce` that appends is a list comprehension, and so on.

Each idiom is a JSONata template parsed once; `$_A`, `$_B`, ... stand for any expression (the
same one at each place it appears) and `$_T`, `$_U`, ... for any variable name (bound once).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# Template variables: subexpressions, and variable names (let temporaries, lambda parameters).
_ANY = {"_A", "_B", "_C", "_E"}
_NAMES = {"_T", "_U", "_V", "_W", "_S", "_Z", "_X", "_I", "_ACC"}

_TRUTHY = "$type($_T) = 'array' ? $count($_T) > 0 : $boolean($_T)"
_PYTHON_STR = (
    "$type($_T) = 'boolean' ? ($_T ? 'True' : 'False') : $type($_T) = 'null' ? 'None' : "
    "$type($_T) = 'string' ? $_T : $string($_T)"
)
_SINGLETON = "($_T := $_E; ($type($_T) = 'array' ? [[$_T]] : [$_T]))"

# A slice's bounds, clamped and counted from the end as Python does (JsonataExpressions.emit_Slice).
_LENGTH = "($type($_T) = 'string' ? $length($_T) : $count($_T))"


def _slice(stop: str) -> str:
    bound = f"$_W < 0 ? $max([0, {_LENGTH} + $_W]) : $min([$_W, {_LENGTH}])"
    return (
        f"($_T := $_A; $_S := ($_W := $_B; {bound}); $_Z := ($_W := {stop}; {bound}); "
        "$type($_T) = 'string' ? $substring($_T, $_S, $max([0, $_Z - $_S])) : "
        "[$filter($_T, function($_X, $_I) { $_I >= $_S and $_I < $_Z })])"
    )


# (idiom, template): what flowdsl's emitter writes for each Python form.
TEMPLATES: tuple[tuple[str, str], ...] = (
    ("bool", f"($_T := $_A; ({_TRUTHY}))"),
    ("str", f"($_T := $_A; ({_PYTHON_STR}))"),
    ("member", "($_T := $_A; ($type($_T) = 'array' ? [[$_T]] : $_T))"),
    ("is_not_none", "($exists($_A) and $_A != null)"),
    ("is_none", "($exists($_A) ? $_A = null : true)"),
    (
        "in",
        "($_T := $_B; $type($_T) = 'string' ? $contains($_T, $_A) : $type($_T) = 'object' ? "
        "$_A in $keys($_T) : $_A in $_T)",
    ),
    ("in", "($_A in $keys($_B))"),
    (
        "add",
        "($_T := $_A; $_U := $_B; $type($_T) = 'string' ? $_T & $_U : $type($_T) = 'array' ? "
        "$append($_T, $_U) : $_T + $_U)",
    ),
    ("floordiv", "$floor($_A / $_B)"),
    ("mod", "($_T := $_B; (($_A % $_T) + $_T) % $_T)"),
    (
        "len",
        "($_T := $_A; ($type($_T) = 'string' ? $length($_T) : $type($_T) = 'object' ? "
        "$count($keys($_T)) : $count($_T)))",
    ),
    ("json_dumps", '($_T := $string({"": $_A}); $substring($_T, 4, $length($_T) - 5))'),
    ("split", "[$split($_A, $_B)]"),
    ("keys", "[$keys($_A)]"),
    (
        "get",
        "($_T := $_A; ($_U := $_B; ($exists($lookup($_T, $_U)) ? $lookup($_T, $_U) : $_C)))",
    ),
    ("index", "($_T := $_A; ($type($_T) = 'string' ? $substring($_T, $_B, 1) : ($_T)[$_B]))"),
    ("slice_to_end", _slice(_LENGTH)),
    ("slice", _slice("$_C")),
    ("min", "($sort($_A))[0]"),
    ("max", "($sort($_A))[-1]"),
    ("sorted", "[$sort($_A)]"),
    ("startswith", "($_T := $_B; ($substring($_A, 0, $length($_T)) = $_T))"),
    (
        "endswith",
        "($_T := $_A; ($_U := $_B; ($length($_U) = 0 or $substring($_T, -$length($_U)) = $_U)))",
    ),
    ("strip", "$replace($_A, /^\\s+|\\s+$/, '')"),
    ("lstrip", "$replace($_A, /^\\s+/, '')"),
    ("rstrip", "$replace($_A, /\\s+$/, '')"),
    ("split_whitespace", '[$filter($split($_A, /\\s+/), function($_V) { $_V != "" })]'),
    ("values", "($_T := $_A; [$map($keys($_T), function($_V) { $lookup($_T, $_V) })])"),
    ("isinstance:str", "($_T := $_A; ($type($_T) = 'string'))"),
    ("isinstance:float", "($_T := $_A; ($type($_T) = 'number'))"),
    ("isinstance:bool", "($_T := $_A; ($type($_T) = 'boolean'))"),
    ("isinstance:list", "($_T := $_A; ($type($_T) = 'array'))"),
    ("isinstance:dict", "($_T := $_A; ($type($_T) = 'object'))"),
    (
        "isinstance:int",
        "($_T := $_A; ($type($_T) = 'boolean' or ($type($_T) = 'number' and $floor($_T) = $_T)))",
    ),
    (
        "int",
        "($_T := $_A; ($_U := $type($_T) != 'string' ? $number($_T) : "
        "$contains($_T, /^\\s*[+-]?[0-9]+(_[0-9]+)*\\s*$/) ? $number($replace($_T, '_', '')) : "
        '$error("invalid literal for int() with base 10: " & $_T); '
        "$_U < 0 ? $ceil($_U) : $floor($_U)))",
    ),
    ("any", f"(true in $map($_A, function($_V) {{ ({_TRUTHY.replace('$_T', '$_V')}) }}))"),
    ("all", f"$not(false in $map($_A, function($_V) {{ ({_TRUTHY.replace('$_T', '$_V')}) }}))"),
    ("comprehension", "$reduce($_A, function($_ACC, $_V) { $append($_ACC, [$_E]) }, [])"),
    ("comprehension", f"$reduce($_A, function($_ACC, $_V) {{ $append($_ACC, {_SINGLETON}) }}, [])"),
    (
        "comprehension",
        "$reduce($_A, function($_ACC, $_V) { ($_C ? $append($_ACC, [$_E]) : $_ACC) }, [])",
    ),
    (
        "comprehension",
        f"$reduce($_A, function($_ACC, $_V) {{ ($_C ? $append($_ACC, {_SINGLETON}) : $_ACC) }}, [])",
    ),
)


@dataclass(frozen=True)
class Match:
    idiom: str
    parts: dict[str, Any]  # `_A`... -> parsed subexpression, `_T`... -> variable name


def match(node: Any) -> Match | None:
    for idiom, template in _parsed():
        bound: dict[str, Any] = {}
        if _matches(template, node, bound):
            return Match(idiom, bound)
    return None


@cache
def _parsed() -> tuple[tuple[str, Any], ...]:
    from jsonata.parser import Parser

    return tuple((idiom, Parser().parse(text)) for idiom, text in TEMPLATES)


def _matches(template: Any, node: Any, bound: dict[str, Any]) -> bool:
    if template.type == "variable" and template.value in _ANY and not _decorated(template):
        if template.value in bound:
            return shape(bound[template.value]) == shape(node)
        bound[template.value] = node
        return True
    if template.type == "variable" and template.value in _NAMES:
        if node.type != "variable" or _decorated(node) or _decorated(template):
            return False
        if template.value in bound:
            return bool(bound[template.value] == node.value)
        if node.value in bound.values():
            return False  # two template names for one variable
        bound[template.value] = node.value
        return True
    if _label(template) != _label(node):
        return False
    kids, node_kids = _kids(template), _kids(node)
    return len(kids) == len(node_kids) and all(
        _matches(a, b, bound) for a, b in zip(kids, node_kids, strict=True)
    )


def _decorated(node: Any) -> bool:
    return bool(getattr(node, "predicate", None) or getattr(node, "stages", None))


def _label(node: Any) -> tuple[Any, ...]:
    value = node.value
    if node.type == "number":
        value = float(value)
    return (node.type, value, getattr(node, "_else", None) is None)


def _kids(node: Any) -> list[Any]:
    kids: list[Any] = []
    for attribute in ("lhs", "rhs", "expression", "condition", "then", "_else", "procedure"):
        child = getattr(node, attribute, None)
        if child is not None and hasattr(child, "type"):
            kids.append(child)
    for attribute in ("steps", "expressions", "arguments", "stages", "predicate"):
        kids.extend(getattr(node, attribute, None) or [])
    for pair in getattr(node, "lhs_object", None) or []:
        kids.extend(pair)
    for attribute in ("expr", "body"):
        child = getattr(node, attribute, None)
        if child is not None and hasattr(child, "type"):
            kids.append(child)
    return kids


def shape(node: Any) -> tuple[Any, ...]:
    """A parsed expression as nested tuples: equal shapes are the same expression."""
    return (*_label(node), tuple(shape(k) for k in _kids(node)))
