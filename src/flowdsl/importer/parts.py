"""What the scopes of one imported workflow share: resource declarations, the module-level
`Retry(...)` policies, error classes, and the names of nested functions."""

from __future__ import annotations

import ast
import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from flowdsl.importer import calls, paths
from flowdsl.importer.problems import Unsupported

_DSL_ERRORS = {
    "States": {
        "ALL",
        "DataLimitExceeded",
        "ExceedToleratedFailureThreshold",
        "HeartbeatTimeout",
        "IntrinsicFailure",
        "ItemReaderFailed",
        "NoChoiceMatched",
        "ParameterPathFailure",
        "Permissions",
        "QueryEvaluationError",
        "ResultPathMatchFailure",
        "ResultWriterFailed",
        "Runtime",
        "TaskFailed",
        "Timeout",
    },
    "Lambda": {
        "ServiceException",
        "AWSLambdaException",
        "SdkClientException",
        "TooManyRequestsException",
        "ClientExecutionTimeoutException",
        "Unknown",
    },
}
_RETRY_FIELDS = {
    "IntervalSeconds": "interval_seconds",
    "MaxAttempts": "max_attempts",
    "BackoffRate": "backoff_rate",
    "MaxDelaySeconds": "max_delay_seconds",
    "JitterStrategy": "jitter_strategy",
}


@dataclass
class ModuleParts:
    """What the scopes of one workflow share: declarations, retry policies, error classes."""

    declarations: calls.Declarations = field(default_factory=calls.Declarations)
    retries: dict[str, tuple[str, ast.expr]] = field(default_factory=dict)  # key -> (name, expr)
    custom_errors: dict[str, str] = field(default_factory=dict)  # error name -> class variable
    functions: set[str] = field(default_factory=set)  # nested function names in use
    imports: set[str] = field(default_factory=set)
    json_used: bool = False
    low_level: int = 0  # states and scopes written as literal ASL (low_level.py)
    # States to write as literal ASL whatever their Python form, with why (their Python does
    # not compile: importer/__init__.py).
    literal_states: dict[str, str] = field(default_factory=dict)

    def snapshot(self) -> ModuleParts:
        """A copy to go back to when what was being written is written another way (its
        containers copied; what they hold is never changed once added)."""
        return _copied(self)

    def restore(self, saved: ModuleParts) -> None:
        for name, value in vars(_copied(saved)).items():
            setattr(self, name, value)

    def error_class(self, error: str) -> ast.expr:
        group, _, member = error.partition(".")
        if member in _DSL_ERRORS.get(group, set()):
            self.imports.add(group)
            return ast.Attribute(value=paths.name(group), attr=member, ctx=ast.Load())
        if error not in self.custom_errors:
            variable = calls.identifier(error).upper()
            while variable in self.custom_errors.values():
                variable += "_"
            self.custom_errors[error] = variable
            self.imports.add("error")
        return paths.name(self.custom_errors[error])

    def retry(self, retriers: list[Any]) -> ast.expr:
        rules: list[ast.expr] = []
        for retrier in retriers:
            if not isinstance(retrier, dict):
                raise Unsupported("a Retry rule must be an object")
            key = repr(sorted((k, repr(v)) for k, v in retrier.items() if k != "Comment"))
            if key not in self.retries:
                errors = retrier.get("ErrorEquals") or []
                args = [self.error_class(str(e)) for e in errors]
                options = [
                    ast.keyword(arg=option, value=ast.Constant(retrier[field_name]))
                    for field_name, option in _RETRY_FIELDS.items()
                    if field_name in retrier
                ]
                unknown = set(retrier) - set(_RETRY_FIELDS) - {"ErrorEquals", "Comment"}
                if unknown:
                    raise Unsupported(f"Retry fields {sorted(unknown)} have no Retry() option")
                expr = ast.Call(func=paths.name("Retry"), args=args, keywords=options)
                self.imports.add("Retry")
                self.retries[key] = (self._retry_name(errors), expr)
            rules.append(paths.name(self.retries[key][0]))
        if len(rules) == 1:
            return rules[0]
        return ast.List(elts=rules, ctx=ast.Load())

    def _retry_name(self, errors: list[Any]) -> str:
        first = str(errors[0]) if errors else "States.ALL"
        base = (
            "RETRY"
            if first == "States.ALL"
            else f"{calls.identifier(first.split('.')[-1]).upper()}_RETRY"
        )
        taken = {name for name, _ in self.retries.values()}
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        return name

    def function_name(self, hint: str) -> str:
        base = calls.identifier(hint)
        name, n = base, 2
        while name in self.functions:
            name, n = f"{base}_{n}", n + 1
        self.functions.add(name)
        return name


def _copied(parts: ModuleParts) -> ModuleParts:
    declarations = dataclasses.replace(
        parts.declarations,
        **{k: copy.copy(v) for k, v in vars(parts.declarations).items()},
    )
    fields = {k: copy.copy(v) for k, v in vars(parts).items() if k != "declarations"}
    return ModuleParts(declarations=declarations, **fields)
