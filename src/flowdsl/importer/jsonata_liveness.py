"""Which states of a JSONata scope read their input (`data`), so the import leaves out
`data = result` where nothing reads it and calls a Lambda function for its Payload where the
rest of the response is never read.

A state reads its input when one of its fields says `$states.input` (or it is a JSONPath state,
or a Task, Map or Parallel that takes its whole input); Pass, Wait, Choice and Succeed without
`Output` hand their input on, so they read it when what follows them does, or when they end the
scope (its output is the workflow's or the branch's). Data flow: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
"""

from __future__ import annotations

import json
from typing import Any

_NESTED = ("ItemProcessor", "Iterator", "Branches")  # scopes of their own


def live_inputs(states: dict[str, Any], language: str) -> set[str]:
    """The names of the states whose input is read (by them or by a later state)."""
    live = {name for name, state in states.items() if _reads(state, language)}
    passing = {name for name, state in states.items() if _passes_input(state)}
    changed = True
    while changed:  # to a fixpoint: loops pass liveness round
        changed = False
        for name in sorted(passing - live):
            state = states[name]
            if _ends(state) or any(n in live for n in _following(state)):
                live.add(name)
                changed = True
    return live


def output_read(state: dict[str, Any], live: set[str]) -> bool:
    """The state's output is read: it ends the scope, or the state after it reads its input."""
    following = state.get("Next")
    return _ends(state) or not isinstance(following, str) or following in live


def _reads(state: Any, language: str) -> bool:
    if not isinstance(state, dict):
        return True
    if state.get("QueryLanguage", language) != "JSONata":
        return True
    kind = state.get("Type")
    if kind in ("Task", "Parallel") and "Arguments" not in state:
        return True
    if kind == "Map" and "Items" not in state:
        return True
    own = {k: v for k, v in state.items() if k not in _NESTED}
    return "$states.input" in json.dumps(own)


def _passes_input(state: Any) -> bool:
    return (
        isinstance(state, dict)
        and state.get("Type") in ("Pass", "Wait", "Choice", "Succeed")
        and "Output" not in state
    )


def _ends(state: dict[str, Any]) -> bool:
    return state.get("End") is True or state.get("Type") == "Succeed"


def _following(state: dict[str, Any]) -> list[str]:
    found = [state.get("Next"), state.get("Default")]
    found.extend(r.get("Next") for r in state.get("Choices") or [] if isinstance(r, dict))
    return [n for n in found if isinstance(n, str)]
