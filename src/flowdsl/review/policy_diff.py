"""Differences between two IAM policy documents: statements, actions and resources."""

from __future__ import annotations

import json
from typing import Any

from flowdsl.review.diff import Change

STATEMENT_ADDED = "statement-added"
STATEMENT_REMOVED = "statement-removed"
ACTIONS_ADDED = "actions-added"
ACTIONS_REMOVED = "actions-removed"
RESOURCES_ADDED = "resources-added"
RESOURCES_REMOVED = "resources-removed"
STATEMENT_CHANGED = "statement-changed"

# Statement elements, from "IAM JSON policy elements reference":
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
# Action and Resource (string or list) are compared as sets; the rest as whole values.
_SET_ELEMENTS = {"Action": "actions", "Resource": "resources"}
_KINDS = {
    ("Action", True): ACTIONS_ADDED,
    ("Action", False): ACTIONS_REMOVED,
    ("Resource", True): RESOURCES_ADDED,
    ("Resource", False): RESOURCES_REMOVED,
}


def policy_diff(old: Any, new: Any, *, label: str = "policy") -> list[Change]:
    """Statements added or removed, and per statement the actions and resources that changed."""
    old_statements = _statements(old)
    new_statements = _statements(new)
    changes: list[Change] = []
    for old_index, new_index in _match(old_statements, new_statements):
        if new_index is None and old_index is not None:
            statement = old_statements[old_index]
            message = f"{label}: {_name(statement, old_index)} removed ({_summary(statement)})"
            changes.append(Change(STATEMENT_REMOVED, (label,), message, statement, None))
        elif old_index is None and new_index is not None:
            statement = new_statements[new_index]
            message = f"{label}: {_name(statement, new_index)} added ({_summary(statement)})"
            changes.append(Change(STATEMENT_ADDED, (label,), message, None, statement))
        elif old_index is not None and new_index is not None:
            _diff_statement(
                old_statements[old_index], new_statements[new_index], new_index, label, changes
            )
    return changes


def _diff_statement(
    old: dict[str, Any], new: dict[str, Any], index: int, label: str, changes: list[Change]
) -> None:
    name = _name(new, index)
    for element in _SET_ELEMENTS:
        before, after = _as_set(old.get(element)), _as_set(new.get(element))
        for grew, items in ((True, sorted(after - before)), (False, sorted(before - after))):
            if items:
                verb = "added" if grew else "removed"
                message = f"{label}: {name}: {_SET_ELEMENTS[element]} {verb}: {', '.join(items)}"
                changes.append(
                    Change(
                        _KINDS[element, grew],
                        (label,),
                        message,
                        None if grew else items,
                        items if grew else None,
                    )
                )
    for key in sorted((set(old) | set(new)) - set(_SET_ELEMENTS) - {"Sid"}):
        if old.get(key) != new.get(key):
            message = f"{label}: {name}: {key}: {_json(old.get(key))} -> {_json(new.get(key))}"
            changes.append(Change(STATEMENT_CHANGED, (label,), message, old.get(key), new.get(key)))


def _match(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[tuple[int | None, int | None]]:
    # Statements pair up by Sid; unnamed ones by Effect and resources, then by Effect and
    # actions, then in order, so an edited statement shows as its actions or resources changing.
    keys = (
        lambda s: ("sid", s.get("Sid")) if s.get("Sid") else None,
        lambda s: ("res", s.get("Effect"), tuple(sorted(_as_set(s.get("Resource"))))),
        lambda s: ("act", s.get("Effect"), tuple(sorted(_as_set(s.get("Action"))))),
        lambda s: ("any", bool(s.get("Sid"))),
    )
    free_old = list(range(len(old)))
    free_new = list(range(len(new)))
    pairs: list[tuple[int | None, int | None]] = []
    for key in keys:
        for new_index in list(free_new):
            wanted = key(new[new_index])
            if wanted is None:
                continue
            for old_index in free_old:
                if key(old[old_index]) == wanted:
                    pairs.append((old_index, new_index))
                    free_old.remove(old_index)
                    free_new.remove(new_index)
                    break
    pairs += [(i, None) for i in free_old] + [(None, i) for i in free_new]
    return sorted(pairs, key=lambda p: (p[1] if p[1] is not None else -1, p[0] or 0))


def _statements(document: Any) -> list[dict[str, Any]]:
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    return [s for s in statements or [] if isinstance(s, dict)]


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)}


def _name(statement: dict[str, Any], index: int) -> str:
    return f"statement {statement['Sid']!r}" if statement.get("Sid") else f"statement {index + 1}"


def _summary(statement: dict[str, Any]) -> str:
    actions = ", ".join(sorted(_as_set(statement.get("Action")))) or "no actions"
    resources = ", ".join(sorted(_as_set(statement.get("Resource")))) or "no resources"
    return f"{statement.get('Effect', '?')} {actions} on {resources}"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
