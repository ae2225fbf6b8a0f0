"""f-string format specs (`{total:,.2f}`, `{n:05d}`, `{name:>10}`) read into IR FormatSpecs.

Python's format mini-language: https://docs.python.org/3/library/string.html#formatspec
Supported: fill and align (`<`, `>`, `^`), sign, `0`, width, `,`/`_` grouping, precision,
and the types `s`, `d`, `f`/`F` and `%`; a precision without a type cuts text (`{name:.3}`),
as it does for a str (Python's general number format, `{x:.3}` of a float, is not written:
say `.3f`). Anything else is FD131 at the spec.
"""

from __future__ import annotations

import ast
import re

from flowdsl.errors import CompileError
from flowdsl.frontend.source import ModuleSource
from flowdsl.ir import expr as ir

_SPEC = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>^]))?(?P<sign>[-+ ])?(?P<zero>0)?(?P<width>[1-9]\d*)?"
    r"(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<kind>[sdfF%])?",
    re.DOTALL,
)
HINT = "write {x:.2f}, {n:d}, {n:,d}, {x:>8}, {x:08.2f} or {ratio:.1%}"


def format_spec(source: ModuleSource, spec: ast.JoinedStr, node: ast.AST) -> ir.FormatSpec:
    """The spec of one replacement field; nested fields (`{x:{width}}`) are not supported.
    Errors point at `node`, the f-string."""
    if not all(isinstance(v, ast.Constant) for v in spec.values):
        raise _error(source, node, "a format spec computed at run time ({x:{width}})")
    text = "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))
    match = _SPEC.fullmatch(text)
    if match is None:
        raise _error(source, node, f"the format spec {text!r}")
    parts = match.groupdict()
    kind = {"F": "f"}.get(parts["kind"] or "", parts["kind"])
    precision = int(parts["precision"]) if parts["precision"] is not None else None
    numeric = kind in ("d", "f", "%")
    if kind == "d" and precision is not None:
        raise _error(source, node, "a precision with d (Python: not allowed)")
    if not numeric and (parts["sign"] or parts["zero"] or parts["grouping"]):
        raise _error(source, node, f"sign, 0 or grouping in {text!r} without a type d, f or %")
    if parts["zero"] and parts["grouping"]:
        raise _error(source, node, "0-padding together with grouping")
    if parts["zero"] and parts["align"]:
        raise _error(source, node, "0-padding together with an alignment")
    return ir.FormatSpec(
        fill=parts["fill"] or " ",
        align=parts["align"],  # type: ignore[arg-type]
        sign=parts["sign"] or "-",  # type: ignore[arg-type]
        zero=bool(parts["zero"]),
        width=int(parts["width"]) if parts["width"] else None,
        grouping=parts["grouping"],  # type: ignore[arg-type]
        precision=precision,
        kind=kind,  # type: ignore[arg-type]
    )


def _error(source: ModuleSource, node: ast.AST, what: str) -> CompileError:
    return CompileError.at(
        "FD131", f"{what} is not supported in an f-string", source.location(node), HINT
    )
