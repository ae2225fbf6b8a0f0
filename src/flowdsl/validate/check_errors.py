"""Retry and Catch checks: where States.ALL may stand.

Numeric ranges (IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy) and
non-empty ErrorEquals are enforced by the models, not here.
"""

from __future__ import annotations

from flowdsl.validate.context import Context, as_dict, as_list

# Error names starting with "States." other than the predefined ones are not rejected: the ASL
# specification reserves the prefix, but AWS creates definitions that catch or raise their own
# (deployed samples in aws-samples/step-functions-workflows-collection catch States.QuorumMet,
# States.RanOutOfTime, States.TaskFailedId), so flowdsl does not either.


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
