"""JSONata for JSONata-language states: `{% %}` templates evaluated by jsonata-python.

Sources: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (the `{% %}`
syntax, `$states`, the functions Step Functions adds: $partition, $range, $hash, $random, $uuid,
$parse; `$eval` is unavailable) and
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html (variables are
JSONata variables). A failed evaluation is `States.QueryEvaluationError`.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from flowdsl.run.bounds import (
    MAX_EXPRESSION_STEPS,
    MAX_RANGE_ITEMS,
    ExpressionBudget,
    RegexTimeout,
    ValueTooLarge,
    regex_timed_out,
)
from flowdsl.run.errors import STATES_QUERY_EVALUATION_ERROR, StatesError

_OPEN, _CLOSE = "{%", "%}"


class QueryEvaluationError(StatesError):
    def __init__(self, cause: str) -> None:
        super().__init__(STATES_QUERY_EVALUATION_ERROR, cause)
        self.located = False


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_OPEN) and value.endswith(_CLOSE)


@lru_cache(maxsize=8192)
def _compile(source: str) -> Any:
    # Parsing dominates the cost of an evaluation, so each expression string is parsed once.
    from flowdsl.run.jsonata_compat import AwsJsonata, timed_regex_engine

    try:
        expression = AwsJsonata(source, timed_regex_engine)
    except Exception as exc:
        raise QueryEvaluationError(f"The JSONata expression {source!r} is invalid: {exc}") from None
    expression.set_output_convert_nulls(False)
    return expression


class Jsonata:
    """Evaluates expressions with `$states` and the visible variables bound."""

    def __init__(
        self,
        rng: random.Random,
        max_steps: int = MAX_EXPRESSION_STEPS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.rng = rng
        self.max_steps = max_steps
        # $now() and $millis() read the execution's clock (its start time, moved on by Wait
        # states), not the machine's: a run is the same run every time, as `$uuid()` is.
        self.clock = clock or (lambda: datetime(2024, 1, 1, tzinfo=UTC))
        from jsonata import Jsonata as _J
        from jsonata.utils import Utils

        from flowdsl.run.jsonata_bounded import GUARDED_FUNCTIONS
        from flowdsl.run.jsonata_compat import CORRECTED_FUNCTIONS

        self._utils = Utils
        self._functions = {
            **CORRECTED_FUNCTIONS,
            **GUARDED_FUNCTIONS,
            "partition": _J.JLambda(_partition),
            "range": _J.JLambda(_range),
            "hash": _J.JLambda(_hash),
            "random": _J.JLambda(self._random),
            "uuid": _J.JLambda(self._uuid),
            "millis": _J.JLambda(self._millis),
            "now": _J.JLambda(self._now),
            "parse": _J.JLambda(_parse),
            "eval": _J.JLambda(_no_eval),
        }

    def evaluate(self, source: str, states: dict[str, Any], variables: dict[str, Any]) -> Any:
        """Evaluate one expression (without the `{% %}`); undefined comes back as `Undefined`."""
        expression = _compile(source)
        # A variable holding JSON null must stay null, not turn into JSONata's undefined.
        null = self._utils.NULL_VALUE
        bindings = {k: null if v is None else v for k, v in variables.items()}
        bindings.update(self._functions)
        bindings["states"] = states
        # The budget's hooks run at every evaluation step, so a runaway expression stops here.
        budget = ExpressionBudget(source, self.max_steps, lazy=(self._utils.RangeList,))
        bindings["__evaluate_entry"] = budget.enter
        bindings["__evaluate_exit"] = budget.leave
        try:
            value = expression.evaluate(None, bindings)
        except Exception as exc:  # jsonata-python raises JException and plain Python errors
            # jsonata-python wraps what a hook or a function raises; look through the wrapping.
            if budget.exceeded is not None:
                raise budget.exceeded from None
            if _caused_by(exc, RegexTimeout):
                raise regex_timed_out(source) from None
            too_large = _cause(exc, ValueTooLarge)
            if too_large is not None:
                raise budget.too_large(str(too_large)) from None
            if _cause(exc, MemoryError) is not None:
                # One allocation too large for this machine (the bounds above should come first).
                raise budget.too_large("a value larger than the memory available") from None
            if isinstance(exc, StatesError):
                raise
            raise QueryEvaluationError(
                f"An error occurred while evaluating the expression {source!r}: {exc}"
            ) from None
        if value is None:
            return UNDEFINED
        return self._to_json(value, source)

    def _to_json(self, value: Any, source: str) -> Any:
        value = self._utils.convert_nulls(value)
        if isinstance(value, list):
            # JSONata sequences are list subclasses; hand out plain lists.
            return [self._to_json(v, source) for v in value]
        if isinstance(value, dict):
            return {k: self._to_json(v, source) for k, v in value.items()}
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        if value is None or isinstance(value, str | int | float | bool):
            return value
        raise QueryEvaluationError(f"The expression {source!r} returned a function, not JSON")

    def template(self, value: Any, states: dict[str, Any], variables: dict[str, Any]) -> Any:
        """Evaluate every `{% %}` string inside objects and arrays; other values stay as written.

        An expression that evaluates to nothing (undefined, e.g. a missing field) fails the state
        with States.QueryEvaluationError wherever it stands (Arguments, Output, Assign, a field
        nested in them), because JSON has no undefined: "Expressions must produce a defined
        value" (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
        moto's engine, ported from LocalStack, does the same ("returned nothing (undefined)").
        """
        if isinstance(value, str):
            if not is_expression(value):
                return value
            source = value[2:-2].strip()
            result = self.evaluate(source, states, variables)
            if result is UNDEFINED:
                raise QueryEvaluationError(
                    f"The JSONata expression '{source}' returned nothing (undefined)."
                )
            return result
        if isinstance(value, dict):
            return {key: self.template(item, states, variables) for key, item in value.items()}
        if isinstance(value, list):
            return [self.template(item, states, variables) for item in value]
        return value

    def _random(self, seed: Any = None) -> float:
        rng = random.Random(seed) if seed is not None else self.rng
        return rng.random()

    def _millis(self) -> int:
        return int(self.clock().timestamp() * 1000)

    def _now(self, picture: str | None = None, timezone: str | None = None) -> str | None:
        if picture is None and timezone is None:
            return self.clock().isoformat(timespec="milliseconds").replace("+00:00", "Z")
        from jsonata.functions import Functions

        return Functions.datetime_from_millis(self._millis(), picture, timezone)

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    return _cause(exc, kind) is not None


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The exception of `kind` that `exc` is or wraps (jsonata-python wraps what functions raise)."""
    seen: BaseException | None = exc
    for _ in range(20):  # a bounded walk: exception chains can be cyclic
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class _Undefined:
    """JSONata's `undefined`, distinct from JSON null."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Any = _Undefined()


def _partition(array: Any, size: Any) -> list[Any]:
    if not isinstance(array, list) or not isinstance(size, int | float) or size < 1:
        raise QueryEvaluationError("$partition takes an array and a positive chunk size")
    n = int(size)
    return [list(array[i : i + n]) for i in range(0, len(array), n)]


def _range(start: Any, end: Any, step: Any) -> Any:
    if not all(isinstance(v, int | float) for v in (start, end, step)) or step == 0:
        raise QueryEvaluationError("$range takes numbers start, end and a non-zero step")
    if (end - start) / step + 1 > MAX_RANGE_ITEMS:
        raise QueryEvaluationError(
            f"$range({start}, {end}, {step}) would make more than {MAX_RANGE_ITEMS:,} items"
        )
    values = []
    current = start
    while (step > 0 and current <= end) or (step < 0 and current >= end):
        values.append(current)
        current += step
    # A one-item result is that item, as a JSONata singleton sequence (recorded on AWS:
    # $range(1, 9, 9) is 1; tests/parity/, test_array_jsonata test_array_range).
    return values[0] if len(values) == 1 else values


_HASHES = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def _hash(data: Any, algorithm: Any = "SHA-256") -> str:
    if algorithm not in _HASHES:
        raise QueryEvaluationError(f"$hash algorithm must be one of {sorted(_HASHES)}")
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    return hashlib.new(_HASHES[algorithm], text.encode()).hexdigest()


def _parse(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise QueryEvaluationError(f"$parse could not parse {text!r}: {exc}") from None


def _no_eval(*_: Any) -> Any:
    raise QueryEvaluationError("$eval is not available in Step Functions; use $parse")
