"""Values of task options (retry policies, timeouts, flags) folded at compile time.

Options are read from the source without running the workflow: literals, module-level names,
and calls of flowdsl's own value constructors (`Retry(...)`, `error(...)`) with such arguments.
"""

from __future__ import annotations

import ast
from typing import Any

from flowdsl.dsl.control import Retry
from flowdsl.dsl.errors import error
from flowdsl.errors import CompileError
from flowdsl.frontend.source import ModuleSource
from flowdsl.frontend.symbols import Symbols

_CONSTRUCTORS: tuple[Any, ...] = (Retry, error)


def evaluate_static(node: ast.expr, symbols: Symbols, source: ModuleSource) -> Any:
    """The compile-time value of `node`, or FD140 at the part that is not static."""

    def fail(at: ast.AST) -> CompileError:
        return CompileError.at(
            "FD140",
            f"{source.segment(at)!r} must be known at compile time",
            source.location(at),
            "use a literal, a module-level constant, or Retry(...) with literal arguments",
        )

    def value(n: ast.expr) -> Any:
        match n:
            case ast.Constant(value=v):
                return v
            case ast.Name(id=name):
                if symbols.is_variable(name):
                    raise fail(n)
                found, v = symbols.lookup_global(name)
                if not found:
                    raise CompileError.at("FD123", f"unknown name {name!r}", source.location(n))
                return v
            case ast.Attribute(value=base, attr=attr):
                obj = value(base)
                if not hasattr(obj, attr):
                    raise CompileError.at(
                        "FD123",
                        f"{source.segment(base)} has no attribute {attr!r}",
                        source.location(n),
                    )
                return getattr(obj, attr)
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                return [value(e) for e in elts]
            case ast.Dict(keys=keys, values=vals) if None not in keys:
                return {value(k): value(v) for k, v in zip(keys, vals, strict=True) if k}
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -value(operand)
            case ast.Call(func=func, args=args, keywords=keywords):
                constructor = value(func)
                if constructor not in _CONSTRUCTORS:
                    raise fail(n)
                positional = [value(a) for a in args]
                named = {k.arg: value(k.value) for k in keywords if k.arg}
                try:
                    return constructor(*positional, **named)
                except (TypeError, ValueError) as exc:
                    raise CompileError.at(
                        "FD141", f"invalid {source.segment(func)}(...): {exc}", source.location(n)
                    ) from None
        raise fail(n)

    return value(node)
