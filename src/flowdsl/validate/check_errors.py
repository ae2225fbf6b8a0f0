"""Retry and Catch checks: States.ALL placement and predefined error names.

Numeric ranges (IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy) and
non-empty ErrorEquals are enforced by the models, not here.
"""

from __future__ import annotations

from flowdsl.validate.context import Context, as_dict, as_list

# The predefined error names (https://docs.aws.amazon.com/step-functions/latest/dg/
# concepts-error-handling.html#error-handling-error-representation).
STATES_ERRORS = frozenset(
    {
        "States.ALL",
        "States.BranchFailed",
        "States.DataLimitExceeded",
        "States.ExceedToleratedFailureThreshold",
        "States.HeartbeatTimeout",
        "States.Http.Socket",
        "States.IntrinsicFailure",
        "States.ItemReaderFailed",
        "States.NoChoiceMatched",
        "States.ParameterPathFailure",
        "States.Permissions",
        "States.QueryEvaluationError",
        "States.ResultPathMatchFailure",
        "States.ResultWriterFailed",
        "States.Runtime",
        "States.TaskFailed",
        "States.Timeout",
    }
)


def check(ctx: Context) -> None:
    """Check every Retry and Catch list."""
    for ref in ctx.states:
        for field in ("Retry", "Catch"):
            if field not in ref.body:
                continue
            entries = as_list(ref.body[field])
            for i, entry in enumerate(entries):
                names = as_list(as_dict(entry).get("ErrorEquals"))
                base = (*ref.parts, field, i)
                for j, name in enumerate(names):
                    if not isinstance(name, str):
                        continue
                    if name.startswith("States.") and name not in STATES_ERRORS:
                        ctx.add(
                            "ASL302",
                            (*base, "ErrorEquals", j),
                            f"{name!r} is not a predefined error name",
                            "predefined names: " + ", ".join(sorted(STATES_ERRORS)),
                        )
                if "States.ALL" in names:
                    if len(names) > 1:
                        ctx.add(
                            "ASL300",
                            (*base, "ErrorEquals"),
                            "States.ALL must be the only error name in its ErrorEquals",
                        )
                    if i != len(entries) - 1:
                        kind = "retrier" if field == "Retry" else "catcher"
                        ctx.add(
                            "ASL301",
                            base,
                            f"a {kind} matching States.ALL must be the last one in {field}",
                        )
