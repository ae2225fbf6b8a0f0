"""IR expressions -> JSONata text, one `emit_<Node>` per expression node.

Where Python's meaning depends on a type the compiler could not decide ("any"), the JSONata
checks the type at run time (`$type(...)`) instead of guessing, so `a + b` adds numbers,
joins strings and appends lists exactly as Python would.
JSONata functions: https://docs.jsonata.org/overview.html (Step Functions:
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html)
"""

from __future__ import annotations

import json
import re
from typing import Any

from flowdsl.errors import InternalError
from flowdsl.ir import expr as ir

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_COMPARE = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class JsonataExpressions:
    """Renders IR expressions as JSONata; `let` names are unique per rendered expression."""

    def __init__(self) -> None:
        self._temps = 0

    def render(self, node: ir.Expr) -> str:
        method = getattr(self, f"emit_{type(node).__name__}", None)
        if method is None:
            raise InternalError(f"no JSONata form for {type(node).__name__}")
        text: str = method(node)
        return text

    def temp(self) -> str:
        self._temps += 1
        return f"$__t{self._temps}"  # workflow variables never start with __ (FD171)

    def let(self, value: ir.Expr, body: Any) -> str:
        """`($t := value; body($t))`: evaluate once, use several times."""
        name = self.temp()
        return f"({name} := {self.render(value)}; {body(name)})"

    # -- leaves --------------------------------------------------------------------------

    def emit_Const(self, node: ir.Const) -> str:
        return json.dumps(node.value, ensure_ascii=False)

    def emit_Var(self, node: ir.Var) -> str:
        return f"${node.name}"

    def emit_StateInput(self, node: ir.StateInput) -> str:
        return "$states.input"

    def emit_StateResult(self, node: ir.StateResult) -> str:
        return "$states.result"

    def emit_ErrorOutput(self, node: ir.ErrorOutput) -> str:
        return "$states.errorOutput"

    def emit_ContextPath(self, node: ir.ContextPath) -> str:
        return "$states.context." + ".".join(node.path)

    def emit_Field(self, node: ir.Field) -> str:
        key = node.key if _IDENTIFIER.match(node.key) else "`" + node.key.replace("`", "") + "`"
        return f"{self._path_base(node.obj)}.{key}"

    def _path_base(self, node: ir.Expr) -> str:
        text = self.render(node)
        if isinstance(
            node,
            ir.Var | ir.StateInput | ir.StateResult | ir.ErrorOutput | ir.ContextPath | ir.Field,
        ):
            return text
        return f"({text})"

    def emit_Index(self, node: ir.Index) -> str:
        # Parentheses make the index apply to the whole array, not to each step of a path; a
        # string is indexed by character, as in Python ($substring counts negatives from the end).
        index = self.render(node.index)
        if isinstance(node.obj, ir.StateResult | ir.ListOf):
            return f"({self.render(node.obj)})[{index}]"
        return self.let(
            node.obj,
            lambda o: f"($type({o}) = 'string' ? $substring({o}, {index}, 1) : ({o})[{index}])",
        )

    def emit_Slice(self, node: ir.Slice) -> str:
        if node.step is not None:
            return self._stepped_slice(node, node.step)
        start = self.render(node.start) if node.start else "0"
        stop_given = self.render(node.stop) if node.stop else None
        s, e, t = self.temp(), self.temp(), self.temp()

        def body(a: str) -> str:
            n = f"($type({a}) = 'string' ? $length({a}) : $count({a}))"
            stop = stop_given or n
            # Python clamps slice bounds and counts negative ones from the end.
            lo = f"({t} := {start}; {t} < 0 ? $max([0, {n} + {t}]) : $min([{t}, {n}]))"
            hi = f"({t} := {stop}; {t} < 0 ? $max([0, {n} + {t}]) : $min([{t}, {n}]))"
            return (
                f"{s} := {lo}; {e} := {hi}; $type({a}) = 'string' ? "
                f"$substring({a}, {s}, $max([0, {e} - {s}])) : "
                f"[$filter({a}, function($x, $i) {{ $i >= {s} and $i < {e} }})]"
            )

        return self.let(node.obj, body)

    def _stepped_slice(self, node: ir.Slice, step: int) -> str:
        """`x[a:b:k]`: the indices Python's slice.indices() gives, then the items at them."""
        s, e, t, i = self.temp(), self.temp(), self.temp(), self.temp()

        def body(a: str) -> str:
            n = f"($type({a}) = 'string' ? $length({a}) : $count({a}))"
            if step > 0:
                lo_default, hi_default = "0", n
                clamp = f"{t} < 0 ? $max([0, {n} + {t}]) : $min([{t}, {n}])"
                bounds = (
                    f"{s} := ({t} := {self._bound(node.start, lo_default)}; {clamp}); "
                    f"{e} := ({t} := {self._bound(node.stop, hi_default)}; {clamp}); "
                )
                indices = (
                    f"$reduce([{s}..{e} - 1], function($a, {i}) {{ ({i} - {s}) % {step} = 0 ? "
                    f"$append($a, {i}) : $a }}, [])"
                )
            else:
                # Counting down: an omitted start is the last item, an omitted stop is
                # "before the first" (-1 here, not the last item as a written -1 would be).
                clamp = f"({t} < 0 ? {n} + {t} : {t}); {t} < 0 ? -1 : $min([{t}, {n} - 1])"
                start = self._bound(node.start, f"{n} - 1")
                stop_value = f"({t} := {self._bound(node.stop, '0')}; {t} := {clamp})"
                stop = stop_value if node.stop is not None else "-1"
                bounds = f"{s} := ({t} := {start}; {t} := {clamp}); {e} := {stop}; "
                indices = (
                    f"$reduce($reverse([{e} + 1..{s}]), function($a, {i}) {{ ({s} - {i}) % "
                    f"{-step} = 0 ? $append($a, {i}) : $a }}, [])"
                )
            text = f"$reduce({indices}, function($a, {i}) {{ $a & $substring({a}, {i}, 1) }}, '')"
            pick = f"$append($a, {self.singleton(f'{a}[{i}]')})"
            items = f"$reduce({indices}, function($a, {i}) {{ {pick} }}, [])"
            return f"{bounds}$type({a}) = 'string' ? {text} : {items}"

        return self.let(node.obj, body)

    def _bound(self, value: ir.Expr | None, default: str) -> str:
        return self.render(value) if value is not None else default

    # -- operators -----------------------------------------------------------------------

    def emit_Binary(self, node: ir.Binary) -> str:
        left, right = self.render(node.left), self.render(node.right)
        op = node.op
        if op == "+":
            if node.kind == "string":
                return f"({left} & {right})"
            if node.kind == "array":
                return f"$append({left}, {right})"
            if node.kind == "number":
                return f"({left} + {right})"
            lt, rt = self.temp(), self.temp()
            return (
                f"({lt} := {left}; {rt} := {right}; $type({lt}) = 'string' ? {lt} & {rt} : "
                f"$type({lt}) = 'array' ? $append({lt}, {rt}) : {lt} + {rt})"
            )
        if op == "//":
            return f"$floor({left} / {right})"
        if op == "%":
            # Python's remainder takes the sign of the divisor; JSONata's that of the dividend.
            d = self.temp()
            return f"({d} := {right}; (({left} % {d}) + {d}) % {d})"
        if op == "**":
            return f"$power({left}, {right})"
        return f"({left} {op} {right})"

    def emit_Compare(self, node: ir.Compare) -> str:
        left, right = self.render(node.left), self.render(node.right)
        if node.timestamps:
            left, right = f"$toMillis({left})", f"$toMillis({right})"
        if node.op in ("in", "not in"):
            if node.container == "array":
                test = f"({left} in {right})"
            elif node.container == "string":
                test = f"$contains({right}, {left})"
            elif node.container == "object":
                test = f"({left} in $keys({right}))"
            else:
                c = self.temp()
                test = (
                    f"({c} := {right}; $type({c}) = 'string' ? $contains({c}, {left}) : "
                    f"$type({c}) = 'object' ? {left} in $keys({c}) : {left} in {c})"
                )
            return f"$not({test})" if node.op == "not in" else test
        return f"({left} {_COMPARE[node.op]} {right})"

    def emit_IsNull(self, node: ir.IsNull) -> str:
        value = self.render(node.operand)
        if node.negate:
            return f"($exists({value}) and {value} != null)"
        return f"($exists({value}) ? {value} = null : true)"

    def emit_BoolOp(self, node: ir.BoolOp) -> str:
        return "(" + f" {node.op} ".join(self.render(o) for o in node.operands) + ")"

    def emit_Not(self, node: ir.Not) -> str:
        return f"$not({self.render(node.operand)})"

    def emit_Truthy(self, node: ir.Truthy) -> str:
        return self.let(node.operand, _truthy)

    def emit_Conditional(self, node: ir.Conditional) -> str:
        return (
            f"({self.render(node.test)} ? {self.render(node.then)} : {self.render(node.otherwise)})"
        )

    # -- displays ------------------------------------------------------------------------

    def emit_ListOf(self, node: ir.ListOf) -> str:
        # The array constructor flattens a member whose value is an array ([$x] of [1, 2] is
        # [1, 2]); a Python list keeps it as one member, so such members are wrapped.
        return "[" + ", ".join(self._member(i) for i in node.items) + "]"

    def _member(self, item: ir.Expr) -> str:
        if isinstance(item, ir.ListOf) or not _may_be_array(item):
            return self.render(item)
        return self.let(item, lambda v: f"($type({v}) = 'array' ? [[{v}]] : {v})")

    def emit_ObjectOf(self, node: ir.ObjectOf) -> str:
        return (
            "{"
            + ", ".join(
                f"{json.dumps(k, ensure_ascii=False)}: {self.render(v)}" for k, v in node.entries
            )
            + "}"
        )

    def emit_Merge(self, node: ir.Merge) -> str:
        return "$merge([" + ", ".join(self.render(p) for p in node.parts) + "])"

    def emit_SetItem(self, node: ir.SetItem) -> str:
        if isinstance(node.key, ir.Const) and isinstance(node.key.value, str):
            key = json.dumps(node.key.value, ensure_ascii=False)
            return f"$merge([{self.render(node.obj)}, {{{key}: {self.render(node.value)}}}])"
        value = self.temp()

        def replace(o: str, k: str) -> str:
            # A list element is replaced in place (a negative index counts from the end, one
            # out of range fails as Python's IndexError would); a dict gets the member.
            i, found = self.temp(), self.temp()
            keep = f"$append($a, {self.singleton('$x')})"
            put = f"$append($a, {self.singleton(value)})"
            return (
                f"({value} := {self.render(node.value)}; $type({o}) = 'array' ? "
                f"({i} := {k} < 0 ? $count({o}) + {k} : {k}; "
                f"{found} := {i} >= 0 and {i} < $count({o}); "
                f"{found} ? $reduce({o}, function($a, $x, $j) {{ $j = {i} ? {put} : {keep} }}, "
                f'[]) : $error("list assignment index out of range")) : '
                f"$merge([{o}, {{{k}: {value}}}]))"
            )

        return self.let(node.obj, lambda o: self.let(node.key, lambda k: replace(o, k)))

    def emit_DeleteItem(self, node: ir.DeleteItem) -> str:
        if isinstance(node.key, ir.Const) and isinstance(node.key.value, str):
            key = json.dumps(node.key.value, ensure_ascii=False)
            return f"$merge([{{}}, $sift({self.render(node.obj)}, function($v, $n) {{ $n != {key} }})])"

        def remove(o: str, k: str) -> str:
            i = self.temp()
            keep = f"$append($a, {self.singleton('$x')})"
            # $sift gives no value when nothing is left: Python leaves an empty dict.
            return (
                f"$type({o}) = 'array' ? ({i} := {k} < 0 ? $count({o}) + {k} : {k}; "
                f"$reduce({o}, function($a, $x, $j) {{ $j = {i} ? $a : {keep} }}, [])) : "
                f"$merge([{{}}, $sift({o}, function($v, $n) {{ $n != {k} }})])"
            )

        return self.let(node.obj, lambda o: self.let(node.key, lambda k: remove(o, k)))

    def emit_Collected(self, node: ir.Collected) -> str:
        member = json.dumps(node.member, ensure_ascii=False)
        return (
            f"$reduce({self.render(node.results)}, function($a, $r) "
            f"{{ $append($a, $lookup($r, {member})) }}, {self.render(node.base)})"
        )

    def singleton(self, value: str) -> str:
        """A one-element array holding `value`: JSONata's array constructor flattens an array
        value into its members ([$x] of [1, 2] is [1, 2]), and a nested constructor does not."""
        return f"($type({value}) = 'array' ? [[{value}]] : [{value}])"

    def emit_TypeTest(self, node: ir.TypeTest) -> str:
        def tests(v: str) -> str:
            checks = []
            for json_type in node.types:
                if json_type == "integer":
                    # bool is a subclass of int in Python: isinstance(True, int) holds.
                    checks.append(
                        f"$type({v}) = 'boolean' or ($type({v}) = 'number' and $floor({v}) = {v})"
                    )
                else:
                    checks.append(f"$type({v}) = '{json_type}'")
            return "(" + " or ".join(checks) + ")"

        return self.let(node.operand, tests)

    def emit_Format(self, node: ir.Format) -> str:
        parts = [
            self.render(p)
            if isinstance(p, ir.Const) and isinstance(p.value, str)
            else self.python_str(p)
            for p in node.parts
        ]
        if not parts:
            return '""'
        return "(" + " & ".join(parts) + ")"

    def emit_Formatted(self, node: ir.Formatted) -> str:
        """A format spec: numbers through $formatNumber (after $round, which rounds halves to
        even as Python's round() does), then padded to the width with $pad."""
        spec = node.spec

        def body(v: str) -> str:
            if spec.kind in ("d", "f", "%"):
                return self._pad(self._number_text(v, spec), spec, right=True)
            text = f"({self.python_str_text(v)})"
            if spec.precision is not None:
                text = f"$substring({text}, 0, {spec.precision})"
            if spec.align is not None or spec.width is None:
                return self._pad(text, spec, right=spec.align == ">")
            # Python aligns numbers right and text left by default.
            return (
                f"($type({v}) = 'number' ? {self._pad(text, spec, right=True)} : "
                f"{self._pad(text, spec, right=False)})"
            )

        return self.let(node.value, body)

    def _number_text(self, v: str, spec: ir.FormatSpec) -> str:
        precision = 6 if spec.precision is None and spec.kind != "d" else (spec.precision or 0)
        digits = "0" * precision
        fraction = f".{digits}" if digits else ""
        suffix = "%" if spec.kind == "%" else ""
        group = spec.grouping or ","
        if spec.zero and spec.width:
            # 0-padding: enough integer digits to fill the width, after the sign.
            rest = len(fraction) + len(suffix)
            positive = "0" * max(1, spec.width - rest - (spec.sign != "-"))
            negative = "0" * max(1, spec.width - rest - 1)
        else:
            positive = negative = f"#{group}##0" if spec.grouping else "0"
        lead = "" if spec.sign == "-" else spec.sign
        picture = json.dumps(f"{lead}{positive}{fraction};-{negative}{fraction}")
        options = ', {"grouping-separator": "_"}' if spec.grouping == "_" else ""
        # A `%` in a picture would scale the number itself: the value is scaled here and the
        # sign appended, as Python's `%` type does.
        number = f"{v} * 100" if spec.kind == "%" else v
        formatted = f"$formatNumber($round({number}, {precision}), {picture}{options})"
        if suffix:
            formatted = f"({formatted} & '%')"
        if spec.kind == "d":
            return (
                f"($floor({v}) = {v} ? {formatted} : "
                f"$error(\"Unknown format code 'd' for a number that is not whole\"))"
            )
        return formatted

    def _pad(self, text: str, spec: ir.FormatSpec, *, right: bool) -> str:
        if spec.width is None or spec.zero:
            return text
        fill = json.dumps(spec.fill, ensure_ascii=False)
        if spec.align == "^":
            t = self.temp()
            return (
                f"({t} := {text}; $pad($pad({t}, -($length({t}) + "
                f"$max([0, $floor(({spec.width} - $length({t})) / 2)])), {fill}), "
                f"{spec.width}, {fill}))"
            )
        return f"$pad({text}, {-spec.width if right else spec.width}, {fill})"

    def python_str_text(self, v: str) -> str:
        """`python_str` of a value already bound to the name `v`."""
        return (
            f"$type({v}) = 'boolean' ? ({v} ? 'True' : 'False') : "
            f"$type({v}) = 'null' ? 'None' : $type({v}) = 'string' ? {v} : $string({v})"
        )

    def python_str(self, node: ir.Expr) -> str:
        """Text of a value as Python's str() writes it (True, False, None)."""
        return self.let(node, lambda v: f"({self.python_str_text(v)})")

    def emit_Comprehension(self, node: ir.Comprehension) -> str:
        items = self.render(node.items)
        var = f"${node.var}"
        element = (
            self.let(node.element, self.singleton)
            if _may_be_array(node.element)
            else f"[{self.render(node.element)}]"
        )
        keep = f"$append($acc, {element})"
        if node.condition is not None:
            keep = f"({self.render(node.condition)} ? {keep} : $acc)"
        # $reduce with $append builds a real array: $map/$filter results are sequences, which
        # JSONata collapses (one item becomes the item) and flattens into array constructors.
        return f"$reduce({items}, function($acc, {var}) {{ {keep} }}, [])"

    # -- built-ins -----------------------------------------------------------------------

    def emit_Builtin(self, node: ir.Builtin) -> str:
        name = node.name.replace(".", "_")
        method = getattr(self, f"builtin_{name}", None)
        if method is None:
            raise InternalError(f"no JSONata form for built-in {node.name}")
        text: str = method(*node.args)
        return text

    def builtin_json_loads(self, text: ir.Expr) -> str:
        return f"$parse({self.render(text)})"

    def builtin_json_dumps(self, value: ir.Expr) -> str:
        # $string writes a string as it is; inside an object it is written as JSON text.
        text = self.temp()
        return (
            f'({text} := $string({{"": {self.render(value)}}}); '
            f"$substring({text}, 4, $length({text}) - 5))"
        )

    def builtin_uuid(self) -> str:
        # Step Functions' own JSONata function (transforming-data.html).
        return "$uuid()"

    def builtin_timestamp(self, value: ir.Expr) -> str:
        return self.render(value)

    def builtin_len(self, value: ir.Expr) -> str:
        return self.let(
            value,
            lambda v: (
                f"($type({v}) = 'string' ? $length({v}) : $type({v}) = 'object' ? "
                f"$count($keys({v})) : $count({v}))"
            ),
        )

    def builtin_str(self, value: ir.Expr) -> str:
        return self.python_str(value)

    def builtin_int(self, value: ir.Expr) -> str:
        # Python's int() of a string takes only a whole number ("3.7", "1e3" and "0x10" raise
        # ValueError, which $number would read); of a number it truncates toward zero.
        number = self.temp()
        whole = r"/^\s*[+-]?[0-9]+(_[0-9]+)*\s*$/"
        return self.let(
            value,
            lambda v: (
                f"({number} := $type({v}) != 'string' ? $number({v}) : $contains({v}, {whole}) "
                f"? $number($replace({v}, '_', '')) : "
                f'$error("invalid literal for int() with base 10: " & {v}); '
                f"{number} < 0 ? $ceil({number}) : $floor({number}))"
            ),
        )

    def builtin_float(self, value: ir.Expr) -> str:
        return f"$number({self.render(value)})"

    def builtin_list(self, value: ir.Expr) -> str:
        return f"$append([], {self.render(value)})"

    def builtin_abs(self, value: ir.Expr) -> str:
        return f"$abs({self.render(value)})"

    def builtin_round(self, value: ir.Expr, digits: ir.Expr | None = None) -> str:
        # JSONata's $round rounds half to even, as Python's round() does.
        if digits is None:
            return f"$round({self.render(value)})"
        return f"$round({self.render(value)}, {self.render(digits)})"

    def _min_max(self, fn: str, args: tuple[ir.Expr, ...]) -> str:
        # $min/$max take numbers only; $sort orders numbers and strings as Python compares them.
        items = (
            self.render(args[0])
            if len(args) == 1
            else f"[{', '.join(self.render(a) for a in args)}]"
        )
        return f"($sort({items}))[{0 if fn == 'min' else -1}]"

    def builtin_min(self, *args: ir.Expr) -> str:
        return self._min_max("min", args)

    def builtin_max(self, *args: ir.Expr) -> str:
        return self._min_max("max", args)

    def builtin_sum(self, value: ir.Expr) -> str:
        return f"$sum({self.render(value)})"

    def builtin_sorted(self, value: ir.Expr) -> str:
        return f"[$sort({self.render(value)})]"

    def builtin_any(self, value: ir.Expr) -> str:
        return f"(true in $map({self.render(value)}, function($x) {{ {_TRUTHY_X} }}))"

    def builtin_all(self, value: ir.Expr) -> str:
        # $map, not $filter: a filter's result flattens away an empty list it kept.
        return f"$not(false in $map({self.render(value)}, function($x) {{ {_TRUTHY_X} }}))"

    def builtin_method_upper(self, s: ir.Expr) -> str:
        return f"$uppercase({self.render(s)})"

    def builtin_method_lower(self, s: ir.Expr) -> str:
        return f"$lowercase({self.render(s)})"

    def builtin_method_strip(self, s: ir.Expr) -> str:
        # Not $trim: it also collapses inner whitespace, which str.strip() does not.
        return f"$replace({self.render(s)}, /^\\s+|\\s+$/, '')"

    def builtin_method_lstrip(self, s: ir.Expr) -> str:
        return f"$replace({self.render(s)}, /^\\s+/, '')"

    def builtin_method_rstrip(self, s: ir.Expr) -> str:
        return f"$replace({self.render(s)}, /\\s+$/, '')"

    def builtin_method_startswith(self, s: ir.Expr, prefix: ir.Expr) -> str:
        return self.let(prefix, lambda p: f"($substring({self.render(s)}, 0, $length({p})) = {p})")

    def builtin_method_endswith(self, s: ir.Expr, suffix: ir.Expr) -> str:
        return self.let(
            s,
            lambda v: self.let(
                suffix, lambda p: f"($length({p}) = 0 or $substring({v}, -$length({p})) = {p})"
            ),
        )

    def builtin_method_split(self, s: ir.Expr, sep: ir.Expr | None = None) -> str:
        if sep is None:
            # Python splits at runs of whitespace and keeps no empty parts.
            return f'[$filter($split({self.render(s)}, /\\s+/), function($p) {{ $p != "" }})]'
        return f"[$split({self.render(s)}, {self.render(sep)})]"

    def builtin_method_join(self, sep: ir.Expr, items: ir.Expr) -> str:
        return f"$join({self.render(items)}, {self.render(sep)})"

    def builtin_method_replace(self, s: ir.Expr, old: ir.Expr, new: ir.Expr) -> str:
        return f"$replace({self.render(s)}, {self.render(old)}, {self.render(new)})"

    def builtin_method_get(self, obj: ir.Expr, key: ir.Expr, default: ir.Expr | None = None) -> str:
        fallback = self.render(default) if default is not None else "null"
        return self.let(
            obj,
            lambda o: self.let(
                key, lambda k: f"($exists($lookup({o}, {k})) ? $lookup({o}, {k}) : {fallback})"
            ),
        )

    def builtin_method_keys(self, obj: ir.Expr) -> str:
        return f"[$keys({self.render(obj)})]"

    def builtin_method_values(self, obj: ir.Expr) -> str:
        return self.let(obj, lambda o: f"[$map($keys({o}), function($k) {{ $lookup({o}, $k) }})]")


# Expressions whose value is never an array (so no wrapping as a list member).
_NEVER_ARRAYS = (
    ir.ObjectOf,
    ir.Format,
    ir.Compare,
    ir.IsNull,
    ir.BoolOp,
    ir.Not,
    ir.Truthy,
    ir.Merge,
    ir.TypeTest,
)


def _may_be_array(node: ir.Expr) -> bool:
    """Whether an expression's value can be an array (the emitter has no symbol table)."""
    if isinstance(node, ir.Const):
        return isinstance(node.value, list)
    if isinstance(node, ir.Binary):
        return node.kind in ("array", "any")
    if isinstance(node, ir.Builtin):
        return node.name not in _SCALAR_BUILTINS
    return not isinstance(node, _NEVER_ARRAYS)


_SCALAR_BUILTINS = frozenset(
    {"len", "str", "int", "float", "abs", "round", "sum", "any", "all", "json.dumps"}
    | {f"method.{m}" for m in ("upper", "lower", "strip", "lstrip", "rstrip", "join", "replace")}
    | {"method.startswith", "method.endswith"}
)


def _truthy(value: str) -> str:
    # $boolean follows Python for scalars and strings, but casts an array by its members
    # ($boolean([0]) is false); Python's list is true when it is not empty.
    return f"($type({value}) = 'array' ? $count({value}) > 0 : $boolean({value}))"


_TRUTHY_X = _truthy("$x")
