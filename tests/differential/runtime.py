"""Running one generated workflow twice: as plain Python, and compiled to ASL in the runner.

Both sides share the mock behaviour of every declared Lambda function (`FUNCTIONS`), so the only
thing that can make them disagree is the compiler (or the runner).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.compiler import compile_paths
from flowdsl.dsl.resources import Function
from flowdsl.testing import StatesError, run_workflow

# JSON numbers are IEEE doubles: beyond 2**53 Python ints and ASL numbers part ways by design.
SAFE_INT = 2**53

# Error names the generated programs raise and catch (declared as classes in HEADER).
ERROR_CLASSES = {
    "Bad": "Custom.Bad",
    "Other": "Custom.Other",
    "Negative": "Custom.Negative",
    "Boom": "Custom.Boom",
}


class FlowError(Exception):
    """Python stand-in for an ASL error; `e["Error"]` / `e["Cause"]` read like the error output."""

    error_name = "States.ALL"

    def __init__(self, cause: str | None = None) -> None:
        super().__init__(cause)
        self.cause = cause

    def __getitem__(self, key: str) -> Any:
        return {"Error": self.error_name, "Cause": self.cause}[key]


_ERROR_TYPES: dict[str, type[FlowError]] = {}


def error_class(name: str) -> type[FlowError]:
    """One Python class per ASL error name, so `except Bad` catches `Fail("Custom.Bad", ...)`."""
    if name not in _ERROR_TYPES:
        _ERROR_TYPES[name] = type(name.replace(".", "_"), (FlowError,), {"error_name": name})
    return _ERROR_TYPES[name]


def _fail(name: str, cause: str | None = None) -> FlowError:
    return error_class(name)(cause)


# -- the Lambda functions a program may call: argument type, result type, behaviour ----------


def _inc(x: Any) -> Any:
    return x + 1


def _twice(x: Any) -> Any:
    return 2 * x


def _check(x: Any) -> Any:
    if x < 0:
        raise _fail("Custom.Negative", f"negative: {x}")
    return x


def _shout(x: Any) -> Any:
    return x.upper() + "!"


def _box(x: Any) -> Any:
    return {"v": x, "s": f"n{x}"}


def _total(x: Any) -> Any:
    return sum(x)


def _echo(x: Any) -> Any:
    return {"v": x["v"] + 1, "s": x["s"] + "."}


def _boom(x: Any) -> Any:
    raise _fail("Custom.Boom", "boom")


@dataclass(frozen=True)
class Fn:
    """A declared Lambda function: its Python variable, argument and result types, behaviour."""

    var: str
    arg: str
    result: str
    impl: Callable[[Any], Any]

    @property
    def resource(self) -> Function:
        return Function(self.var)


FUNCTIONS: dict[str, Fn] = {
    fn.var: fn
    for fn in (
        Fn("inc", "int", "int", _inc),
        Fn("twice", "int", "int", _twice),
        Fn("check", "int", "int", _check),
        Fn("shout", "str", "str", _shout),
        Fn("box", "int", "rec", _box),
        Fn("total", "lint", "int", _total),
        Fn("echo", "rec", "rec", _echo),
        Fn("boom", "int", "int", _boom),
    )
}

HEADER = (
    "import json\n\nfrom flowdsl import Fail, Function, States, error, parallel, wait, workflow\n"
)
HEADER += "\n" + "".join(f'{v} = Function("{v}")\n' for v in FUNCTIONS)
HEADER += "".join(f'{k} = error("{v}")\n' for k, v in ERROR_CLASSES.items())
HEADER += "\n\n"


def normalize(value: Any) -> Any:
    """JSON has one number type: an integral float is the int it stands for."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    """Equality of JSON values that, unlike Python's ==, tells True from 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


@dataclass
class Outcome:
    """How one side ended: an output, or an error name and cause; plus the calls it made."""

    output: Any = None
    error: str | None = None
    cause: str | None = None
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        if self.error is not None:
            return f"FAILED {self.error}: {self.cause}"
        return "SUCCEEDED " + json.dumps(self.output, sort_keys=True)

    def agrees_with(self, other: Outcome) -> bool:
        if self.error is not None or other.error is not None:
            return (self.error, self.cause) == (other.error, other.cause)
        return same(self.output, other.output) and _call_bag(self.calls) == _call_bag(other.calls)


def _call_bag(calls: list[tuple[str, Any]]) -> list[str]:
    # Parallel branches and Map iterations may run in any order: compare calls as a multiset.
    return sorted(json.dumps([name, arg], sort_keys=True) for name, arg in calls)


class InvalidProgram(Exception):
    """The generated program is not one both sides can agree on (a generator mistake)."""


def _too_big(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) >= SAFE_INT
    if isinstance(value, list):
        return any(_too_big(v) for v in value)
    if isinstance(value, dict):
        return any(_too_big(v) for v in value.values())
    return False


# -- side 1: plain Python ---------------------------------------------------------------------


def _decorator(function: Any = None, **options: Any) -> Any:
    """`@workflow` and `@workflow(query_language=...)` leave the function as it is."""
    return function if function is not None else (lambda f: f)


def run_python(source: str, input: Any) -> Outcome:
    """Execute the workflow function as Python; Fail and mock failures are FlowError."""
    calls: list[tuple[str, Any]] = []

    def make(fn: Fn) -> Callable[[Any], Any]:
        def call(payload: Any) -> Any:
            calls.append((fn.var, json.loads(json.dumps(payload))))
            return fn.impl(payload)

        # fn.invoke(x): the whole lambda:invoke response, as run_asl's mocks answer it.
        call.invoke = lambda payload: {"Payload": call(payload), "StatusCode": 200}  # type: ignore[attr-defined]
        return call

    class States:
        ALL = FlowError

    namespace: dict[str, Any] = {
        "workflow": _decorator,
        "Fail": _fail,
        "States": States,
        "Exception": FlowError,  # `except Exception` must not hide a Python TypeError
        "error": error_class,
        "parallel": lambda *branches: [b() for b in branches],
        "wait": lambda **_: None,
        "json": json,
    }
    namespace.update({var: make(fn) for var, fn in FUNCTIONS.items()})
    namespace.update({k: error_class(v) for k, v in ERROR_CLASSES.items()})
    exec(compile(source, "<generated>", "exec"), namespace)
    try:
        output = namespace["flow"](json.loads(json.dumps(input)))
    except FlowError as exc:
        outcome = Outcome(error=exc.error_name, cause=exc.cause, calls=calls)
    except Exception as exc:
        raise InvalidProgram(f"Python raised {type(exc).__name__}: {exc}") from exc
    else:
        outcome = Outcome(output=json.loads(json.dumps(output)), calls=calls)
    if _too_big(outcome.output) or any(_too_big(arg) for _, arg in calls):
        raise InvalidProgram("a number left the range JSON represents exactly")
    return outcome


# -- side 2: compiled to ASL, run offline ----------------------------------------------------

_WORKDIR = Path(tempfile.mkdtemp(prefix="flowdsl-differential-"))


class CompileRejected(Exception):
    """The compiler reported diagnostics for a program the generator believes is valid."""


def compile_program(source: str) -> dict[str, Any]:
    """Compile `HEADER + source` from a file (the compiler reads files) into its ASL definition."""
    text = HEADER + source
    path = _WORKDIR / f"prog_{hashlib.sha1(text.encode()).hexdigest()[:16]}.py"
    path.write_text(text, encoding="utf-8")
    result = compile_paths([path], _WORKDIR)
    if result.diagnostics:
        raise CompileRejected("\n".join(d.format() for d in result.diagnostics))
    (workflow,) = result.workflows
    return workflow.definition


def task_functions(definition: dict[str, Any]) -> dict[str, str]:
    """Every lambda:invoke Task state (nested ones too) -> the function it calls."""
    by_reference = {fn.resource.reference: var for var, fn in FUNCTIONS.items()}
    found: dict[str, str] = {}

    def walk(graph: Any) -> None:
        for name, state in (graph or {}).get("States", {}).items():
            if state.get("Type") == "Task":
                # JSONata writes Arguments; JSONPath writes Parameters.
                arguments = state.get("Arguments") or state["Parameters"]
                found[name] = by_reference[arguments["FunctionName"]]
            for branch in state.get("Branches", []):
                walk(branch)
            walk(state.get("ItemProcessor"))

    walk(definition)
    return found


def run_asl(definition: dict[str, Any], input: Any) -> Outcome:
    """Run the definition with every Task answered by the same behaviour as the Python side."""
    calls: list[tuple[str, Any]] = []

    def make(fn: Fn) -> Callable[[Any], Any]:
        def answer(arguments: Any) -> Any:
            payload = normalize(arguments["Payload"])
            calls.append((fn.var, payload))
            try:
                return {"Payload": fn.impl(payload), "StatusCode": 200}
            except FlowError as exc:
                raise StatesError(exc.error_name, exc.cause) from None

        return answer

    mocks = {state: make(FUNCTIONS[var]) for state, var in task_functions(definition).items()}
    # A literal stands in for each ARN placeholder (mocks were matched to states above).
    substitutions = {fn.resource.placeholder: f"fn:{var}" for var, fn in FUNCTIONS.items()}
    execution = run_workflow(definition, input, mocks, substitutions=substitutions)
    if execution.status == "SUCCEEDED":
        return Outcome(output=normalize(execution.output), calls=calls)
    return Outcome(error=execution.error, cause=execution.cause, calls=calls)
