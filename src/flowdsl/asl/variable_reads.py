"""Which workflow variables a piece of literal ASL reads, found in its text.

A variable is read as `$name` in JSONPath (`"x.$": "$order.id"`) and inside `{% %}` in JSONata;
`$$` (the context object) and `$states` are no variables. The answer may over-count (a JSONata
function call `$count(...)` reads as `count`): callers use it to keep assignments, never to
drop one. Source: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
"""

from __future__ import annotations

import re
from typing import Any

_VARIABLE = re.compile(r"(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)")
RESERVED = frozenset({"states"})


def variables_read(value: Any) -> set[str]:
    """The variable names mentioned anywhere in a JSON value's strings."""
    found: set[str] = set()
    if isinstance(value, str):
        found.update(_VARIABLE.findall(value))
    elif isinstance(value, dict):
        for item in value.values():
            found |= variables_read(item)
    elif isinstance(value, list):
        for item in value:
            found |= variables_read(item)
    return found - RESERVED
