"""The offline runner's bounds, in one place: transitions, JSONata evaluation steps, value sizes,
regex time.

An execution of a hostile or mistaken definition must end: an endless loop, a Retry with
MaxAttempts 99999999, an infinitely recursive JSONata function or a catastrophically backtracking
regular expression, a string doubled forty times or a `$join` of a million copies of a long string
all stop at one of these bounds, and the run fails with a cause that names the
bound, the state and (for expressions) the expression. A bound that is hit is flowdsl's limit, not
an ASL error: no Retry or Catch of the definition handles it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from flowdsl.run.errors import RuntimeFailure, StatesError

# Step Functions ends a Standard execution at 25,000 history events (service-quotas.html,
# "Maximum execution history size"); every state entered and every retry adds events, so both
# count here.
MAX_TRANSITIONS = 25_000

# The simulated clock stops at the end of Python's calendar, so a Wait of 10^12 seconds or an
# exponential Retry backoff ends the run instead of overflowing it. (Step Functions would time a
# Standard execution out after a year, service-quotas.html; the runner does not simulate that,
# because runs start at a fixed date while workflows wait for real dates.)
LAST_INSTANT = datetime(9999, 12, 31, tzinfo=UTC)

# One step is one evaluation of a node of the JSONata expression tree (jsonata-python calls the
# entry hook for each). Half a million steps take about two seconds here and cover any expression a
# real workflow evaluates (a $map over 100,000 items is about 300,000 steps).
MAX_EXPRESSION_STEPS = 500_000

# Nesting of evaluations (function calls inside function calls). jsonata-python raises Python's
# recursion limit to 10,000 when it loads, which deep recursion could turn into a crash of the
# interpreter itself; 2,000 nested evaluations stop it long before.
MAX_EXPRESSION_DEPTH = 2_000

# A regular expression in $match/$replace/$split/$contains runs inside one call of the regex
# engine that no step hook can interrupt; the engine's own timeout bounds it instead.
REGEX_TIMEOUT_SECONDS = 1.0

# The JSONata range operator refuses sequences over ten million items (error D2014); the $range
# function Step Functions adds gets the same bound.
MAX_RANGE_ITEMS = 10_000_000

# The largest value one JSONata evaluation may make: a string of at most this many characters, an
# array of at most this many items, JSON text of at most this many characters from `$string` or
# `&`. Steps alone do not bound memory: one step can double a string (`$s & $s`) or pad one to any
# width (`$pad`). Ten million is the item bound of JSONata's `..` operator (error D2014); a state's
# input or output is at most 256 KiB anyway (service-quotas.html), so only intermediate values of
# a hostile expression come near it, and the largest one allowed costs at most a few hundred MB.
MAX_VALUE_SIZE = 10_000_000

# Values under MAX_VALUE_SIZE can still add up: five thousand different strings of a million
# characters each are five gigabytes. The resident memory of the process is sampled during an
# evaluation (after each large value, and every few thousand steps) and the evaluation stops when it
# has grown by this much. This is the one bound measured rather than counted, so where exactly a
# runaway expression stops may vary between machines; that it stops does not.
MAX_EXPRESSION_MEMORY = 1024**3
_SAMPLE_EVERY_STEPS = 4096
_LARGE_VALUE = 65_536

BOUND_EXCEEDED = "flowdsl.BoundExceeded"


class BoundExceeded(RuntimeFailure):
    """A run bound was hit; the execution fails with this error and no Retry or Catch applies.

    A RuntimeFailure, so the state that hit it is named in the cause; its own error name says
    that the bound is flowdsl's, not an ASL error AWS would raise.
    """

    def __init__(self, cause: str) -> None:
        StatesError.__init__(self, BOUND_EXCEEDED, cause)
        self.located = False


class ValueTooLarge(Exception):
    """A native JSONata function was asked to make a value over MAX_VALUE_SIZE (raised before it
    allocates; the evaluation turns it into BoundExceeded naming the expression)."""


class RegexTimeout(Exception):
    """A regular expression ran longer than REGEX_TIMEOUT_SECONDS (raised by the regex engine)."""


class ExpressionBudget:
    """Counts the steps and nesting of one JSONata evaluation; raises when either bound is passed.

    Its `enter`/`leave` methods are jsonata-python's evaluate entry and exit hooks, bound as the
    variables `__evaluate_entry` and `__evaluate_exit` of the evaluation.
    """

    def __init__(
        self,
        source: str,
        max_steps: int,
        max_depth: int = MAX_EXPRESSION_DEPTH,
        lazy: tuple[type, ...] = (),
    ) -> None:
        self.source = source
        # Sequences that hold no items (jsonata-python's range `[a..b]` computes them on demand,
        # bounded by JSONata's own D2014), so their length is no size.
        self.lazy = lazy
        self.memory_at_start = resident_bytes()
        self.max_steps = max_steps
        self.max_depth = max_depth
        self.steps = 0
        self.depth = 0
        self.exceeded: BoundExceeded | None = None

    def enter(self, _expr: Any, _input: Any, _env: Any) -> None:
        self.steps += 1
        self.depth += 1
        if self.steps > self.max_steps:
            self._stop(f"took more than {self.max_steps:,} evaluation steps")
        if self.depth > self.max_depth:
            self._stop(f"nested more than {self.max_depth:,} evaluations deep (endless recursion?)")

    def leave(self, _expr: Any, _input: Any, _env: Any, result: Any) -> None:
        self.depth -= 1
        # Each step makes its value from values already checked here, and at most doubles their
        # size (`&`, `$append`), except the natives that amplify, which check before allocating
        # (jsonata_compat.GUARDED_FUNCTIONS); so memory stays within a few times the bound.
        if (
            isinstance(result, str | list)
            and len(result) > MAX_VALUE_SIZE
            and not isinstance(result, self.lazy)
        ):
            kind = "characters" if isinstance(result, str) else "items"
            self._stop(f"made a value of more than {MAX_VALUE_SIZE:,} {kind}")
        large = isinstance(result, str | list) and len(result) >= _LARGE_VALUE
        if (large or self.steps % _SAMPLE_EVERY_STEPS == 0) and self.memory_at_start is not None:
            grown = (resident_bytes() or 0) - self.memory_at_start
            if grown > MAX_EXPRESSION_MEMORY:
                self._stop(f"used more than {MAX_EXPRESSION_MEMORY // 1024**2:,} MiB of memory")

    def too_large(self, what: str) -> BoundExceeded:
        """The bound a native function refused to pass (ValueTooLarge), named with the source."""
        return self._exceeded(f"would make {what}")

    def _stop(self, what: str) -> None:
        raise self._exceeded(what)

    def _exceeded(self, what: str) -> BoundExceeded:
        hint = " (raise the bound with --max-expression-steps)" if "steps" in what else ""
        self.exceeded = BoundExceeded(
            f"the JSONata expression {_shorten(self.source)!r} {what}; flowdsl run stops it{hint}"
        )
        return self.exceeded


def resident_bytes() -> int | None:
    """The process's resident memory (Linux's /proc/self/statm), or None where it cannot be read:
    there the counted bounds alone apply."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def regex_timed_out(source: str) -> BoundExceeded:
    return BoundExceeded(
        f"a regular expression in the JSONata expression {_shorten(source)!r} ran for more than "
        f"{REGEX_TIMEOUT_SECONDS:g} s (catastrophic backtracking?); flowdsl run stops it"
    )


def _shorten(source: str, limit: int = 120) -> str:
    return source if len(source) <= limit else source[: limit - 3] + "..."
