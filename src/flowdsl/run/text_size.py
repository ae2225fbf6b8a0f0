"""How long a value would be as JSON text, found without writing it (and without unbounded work)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def json_size_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` as compact JSON text is longer than `limit` characters, found without
    writing it: an array holding one long string a million times is cheap in memory but not as
    text. Counts a lower bound (characters of strings and keys, one per other token) and stops
    as soon as it passes `limit`, so the walk itself costs at most `limit` steps."""
    if isinstance(value, str):
        return len(value) + 2 > limit
    if not isinstance(value, dict | list | tuple):
        return limit < 1  # a number, boolean or null: a few characters
    total = 0
    pending = [value]
    while pending:
        container = pending.pop()
        members: Iterable[Any]
        if isinstance(container, dict):
            members = container.values()
            total += 1 + sum(len(str(key)) + 3 for key in container)
        else:
            members = container
            total += 1 + len(container)
        # Leaves are counted here in bulk, so only nested containers cost a turn of the loop.
        for member in members:
            if isinstance(member, str):
                total += len(member) + 2
            elif isinstance(member, dict | list | tuple):
                pending.append(member)
            else:
                total += 1
        if total > limit:
            return True
    return False
