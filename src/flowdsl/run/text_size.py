"""How long a value would be as JSON text, found without writing it (and without unbounded work)."""

from __future__ import annotations

from typing import Any


def json_size_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` as compact JSON text is longer than `limit` characters, found without
    writing it: an array holding one long string a million times is cheap in memory but not as
    text. Counts a lower bound (characters of strings and keys, one per other token) and stops
    as soon as it passes `limit`, so the walk itself costs at most `limit` steps."""
    total = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 1 + sum(len(str(key)) + 3 for key in item)
            if total <= limit:
                pending.extend(item.values())
        elif isinstance(item, list | tuple):
            total += 1 + len(item)
            if total <= limit:
                pending.extend(item)
        else:
            total += 1
        if total > limit:
            return True
    return False
