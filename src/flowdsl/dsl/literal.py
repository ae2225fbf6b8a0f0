"""The low-level form: states written as literal ASL inside a workflow, for what Python cannot say.

It is the escape hatch, not the way to write workflows: flowdsl checks the literal with its
validator, derives its IAM from it and runs it offline, but cannot type its data or name its
states from the source. The README's "Literal ASL" section lists what it allows and why.
"""

from __future__ import annotations

from typing import Any

from flowdsl.dsl._inert import compiled_only


def asl_states(definition: dict[str, Any], /, *, input: Any = None) -> Any:
    """Run a literal ASL sub-graph, `{"StartAt": ..., "States": {...}}`, on `input`.

    Its states keep their names; a state that ends (`End: true`, Succeed) ends the sub-graph,
    whose output is the call's value, and the workflow goes on with the next statement.
    `input` (default `{}`) is the sub-graph's input: `$` of its first state in JSONPath,
    `$states.input` in JSONata."""
    compiled_only("asl_states()")


def asl_state(name: str, state: dict[str, Any], /, *, input: Any = None) -> Any:
    """Run one literal ASL state named `name` on `input` (default `{}`); its output is the
    call's value. flowdsl writes its `End` (so the state has neither `Next` nor `End`)."""
    compiled_only("asl_state()")
