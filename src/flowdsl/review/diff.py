"""Semantic differences between two ASL definitions: what a reviewer needs to know changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flowdsl.review.conditions import describe_rule, shorten
from flowdsl.review.graph import retry_summary
from flowdsl.review.resources import pattern_of, short_resource

# Change kinds, in the words of the summary.
STATE_ADDED = "state-added"
STATE_REMOVED = "state-removed"
STATE_RENAMED = "state-renamed"
REWIRED = "transition-rewired"
CHOICE_CHANGED = "choice-changed"
RETRY_CHANGED = "retry-changed"
CATCH_CHANGED = "catch-changed"
RESOURCE_CHANGED = "resource-changed"
BRANCH_ADDED = "branch-added"
BRANCH_REMOVED = "branch-removed"
FIELD_CHANGED = "field-changed"

_TRANSITION_FIELDS = ("Next", "End", "Default", "Choices", "Catch")
# Fields compared by their own rule below; every other field is compared as a value.
_HANDLED = {*_TRANSITION_FIELDS, "Retry", "Resource", "Branches", "ItemProcessor", "Iterator"}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: its kind, where (state path, outermost first), and a readable message."""

    kind: str
    path: tuple[str, ...]
    message: str
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for `flowdsl diff --format json`."""
        return {
            "kind": self.kind,
            "path": list(self.path),
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }


def semantic_diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every semantic change from `old` to `new`, nested branches and Map processors included."""
    changes: list[Change] = []
    _diff_fields(old, new, {"States", "StartAt"}, (), changes, what="definition")
    _diff_scope(old, new, (), changes)
    return changes


def render_text(changes: list[Change]) -> str:
    """The summary as lines `~ kind  message`; `+` for additions, `-` for removals."""
    if not changes:
        return "No semantic changes.\n"
    width = max(len(change.kind) for change in changes)
    lines = []
    for change in changes:
        sign = "+" if change.kind.endswith("added") else "-" if "removed" in change.kind else "~"
        lines.append(f"{sign} {change.kind:<{width}}  {change.message}")
    return "\n".join(lines) + "\n"


def where(path: tuple[str, ...]) -> str:
    """A state path for messages: `'Parallel' / branch 2 / 'UpdateLoyaltyPoints'`."""
    return " / ".join(part if part.startswith("branch ") else repr(part) for part in path)


def _diff_scope(
    old: dict[str, Any], new: dict[str, Any], path: tuple[str, ...], changes: list[Change]
) -> None:
    old_states = _states(old)
    new_states = _states(new)
    removed = [name for name in old_states if name not in new_states]
    added = [name for name in new_states if name not in old_states]
    renamed = _match_renames(old_states, new_states, removed, added)
    rename = dict(renamed)

    def mapped(name: Any) -> Any:
        # A transition to a renamed state is not a rewiring: compare it under its new name.
        return rename.get(name, name) if isinstance(name, str) else name

    if mapped(old.get("StartAt")) != new.get("StartAt"):
        message = f"start: {old.get('StartAt')!r} -> {new.get('StartAt')!r}"
        if path:
            message = f"{where(path)}: {message}"
        changes.append(Change(REWIRED, path, message, old.get("StartAt"), new.get("StartAt")))
    for old_name, new_name in renamed:
        changes.append(
            Change(
                STATE_RENAMED,
                (*path, new_name),
                f"{where((*path, old_name))} renamed to {new_name!r}",
                old_name,
                new_name,
            )
        )
    for name in removed:
        if name not in rename:
            state = old_states[name]
            message = f"{where((*path, name))} removed ({_describe_state(state)})"
            changes.append(Change(STATE_REMOVED, (*path, name), message, state, None))
    renamed_to = set(rename.values())
    for name in added:
        if name not in renamed_to:
            state = new_states[name]
            message = f"{where((*path, name))} added ({_describe_state(state)})"
            changes.append(Change(STATE_ADDED, (*path, name), message, None, state))
    old_name_of = {new_name: old_name for old_name, new_name in renamed}
    for name, state in new_states.items():
        old_name = old_name_of.get(name, name)
        if old_name in old_states:
            _diff_state(old_states[old_name], state, (*path, name), mapped, changes)


def _diff_state(
    old: dict[str, Any],
    new: dict[str, Any],
    path: tuple[str, ...],
    mapped: Callable[[Any], Any],
    changes: list[Change],
) -> None:
    here = where(path)
    old_exit = _exit(old, mapped)
    new_exit = _exit(new, lambda name: name)
    if old_exit != new_exit:
        changes.append(
            Change(REWIRED, path, f"{here}: {old_exit} -> {new_exit}", old_exit, new_exit)
        )
    if mapped(old.get("Default")) != new.get("Default"):
        message = f"{here}: default {old.get('Default')!r} -> {new.get('Default')!r}"
        changes.append(Change(REWIRED, path, message, old.get("Default"), new.get("Default")))
    _diff_choices(old, new, path, mapped, changes)
    if old.get("Retry") != new.get("Retry"):
        message = f"{here}: {_retries(old)} -> {_retries(new)}"
        changes.append(Change(RETRY_CHANGED, path, message, old.get("Retry"), new.get("Retry")))
    old_catch = [_mapped_catcher(c, mapped) for c in old.get("Catch") or []]
    if old_catch != (new.get("Catch") or []):
        message = f"{here}: {_catches(old.get('Catch'))} -> {_catches(new.get('Catch'))}"
        changes.append(Change(CATCH_CHANGED, path, message, old.get("Catch"), new.get("Catch")))
    if old.get("Resource") != new.get("Resource"):
        message = f"{here}: {_integration(old)} -> {_integration(new)}"
        changes.append(
            Change(RESOURCE_CHANGED, path, message, old.get("Resource"), new.get("Resource"))
        )
    _diff_branches(old, new, path, changes)
    old_processor = old.get("ItemProcessor") or old.get("Iterator")
    new_processor = new.get("ItemProcessor") or new.get("Iterator")
    if isinstance(old_processor, dict) and isinstance(new_processor, dict):
        _diff_fields(
            old_processor, new_processor, {"States", "StartAt"}, path, changes, "processor"
        )
        _diff_scope(old_processor, new_processor, path, changes)
    elif old_processor != new_processor:
        message = f"{here}: item processor {'added' if new_processor else 'removed'}"
        changes.append(Change(FIELD_CHANGED, path, message, old_processor, new_processor))
    _diff_fields(old, new, _HANDLED, path, changes, what="")


def _diff_branches(
    old: dict[str, Any], new: dict[str, Any], path: tuple[str, ...], changes: list[Change]
) -> None:
    old_branches = [b for b in old.get("Branches") or [] if isinstance(b, dict)]
    new_branches = [b for b in new.get("Branches") or [] if isinstance(b, dict)]
    for index in range(max(len(old_branches), len(new_branches))):
        branch_path = (*path, f"branch {index + 1}")
        if index >= len(old_branches):
            start = new_branches[index].get("StartAt")
            message = f"{where(branch_path)} added (starts at {start!r})"
            changes.append(Change(BRANCH_ADDED, branch_path, message, None, new_branches[index]))
        elif index >= len(new_branches):
            start = old_branches[index].get("StartAt")
            message = f"{where(branch_path)} removed (started at {start!r})"
            changes.append(Change(BRANCH_REMOVED, branch_path, message, old_branches[index], None))
        else:
            _diff_scope(old_branches[index], new_branches[index], branch_path, changes)


def _diff_choices(
    old: dict[str, Any],
    new: dict[str, Any],
    path: tuple[str, ...],
    mapped: Callable[[Any], Any],
    changes: list[Change],
) -> None:
    # Rules are matched by their condition: an edited condition shows as one rule removed and
    # one added, a rule whose target changed as a rewiring.
    old_rules = [r for r in old.get("Choices") or [] if isinstance(r, dict)]
    new_rules = [r for r in new.get("Choices") or [] if isinstance(r, dict)]
    old_by_condition = {_canonical(_without(r, "Next")): r for r in old_rules}
    new_by_condition = {_canonical(_without(r, "Next")): r for r in new_rules}
    here = where(path)
    for key, rule in old_by_condition.items():
        if key not in new_by_condition:
            message = f"{here}: rule removed: when {describe_rule(rule)} go to {rule.get('Next')!r}"
            changes.append(Change(CHOICE_CHANGED, path, message, rule, None))
    for key, rule in new_by_condition.items():
        previous = old_by_condition.get(key)
        if previous is None:
            message = f"{here}: rule added: when {describe_rule(rule)} go to {rule.get('Next')!r}"
            changes.append(Change(CHOICE_CHANGED, path, message, None, rule))
        elif mapped(previous.get("Next")) != rule.get("Next"):
            message = (
                f"{here}: when {describe_rule(rule)}: "
                f"{previous.get('Next')!r} -> {rule.get('Next')!r}"
            )
            changes.append(Change(REWIRED, path, message, previous.get("Next"), rule.get("Next")))
    common_old = [k for k in old_by_condition if k in new_by_condition]
    common_new = [k for k in new_by_condition if k in old_by_condition]
    if common_old != common_new:
        changes.append(Change(CHOICE_CHANGED, path, f"{here}: rules reordered (first match wins)"))


def _diff_fields(
    old: dict[str, Any],
    new: dict[str, Any],
    skip: set[str],
    path: tuple[str, ...],
    changes: list[Change],
    what: str,
) -> None:
    keys = [k for k in old if k not in skip] + [k for k in new if k not in skip and k not in old]
    label = " ".join(part for part in (where(path), what) if part)
    for key in keys:
        if old.get(key) == new.get(key):
            continue
        if key not in new:
            detail = f"{key} removed (was {_value(old[key])})"
        elif key not in old:
            detail = f"{key} added: {_value(new[key])}"
        else:
            detail = f"{key}: {_value(old[key])} -> {_value(new[key])}"
        changes.append(
            Change(FIELD_CHANGED, path, f"{label}: {detail}", old.get(key), new.get(key))
        )


def _match_renames(
    old_states: dict[str, dict[str, Any]],
    new_states: dict[str, dict[str, Any]],
    removed: list[str],
    added: list[str],
) -> list[tuple[str, str]]:
    # A rename is a removed and an added state with the same content: first exactly the same,
    # then the same apart from where it goes next (its successor may have been renamed too).
    pairs: list[tuple[str, str]] = []
    free_old = list(removed)
    free_new = list(added)
    for key in (_canonical, _content_key):
        for new_name in list(free_new):
            target = key(new_states[new_name])
            if target is None:
                continue
            for old_name in free_old:
                if key(old_states[old_name]) == target:
                    pairs.append((old_name, new_name))
                    free_old.remove(old_name)
                    free_new.remove(new_name)
                    break
    order = {name: index for index, name in enumerate(new_states)}
    return sorted(pairs, key=lambda pair: order[pair[1]])


def _states(container: Any) -> dict[str, dict[str, Any]]:
    states = container.get("States") if isinstance(container, dict) else None
    if not isinstance(states, dict):
        return {}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in states.items()}


def _exit(state: dict[str, Any], mapped: Callable[[Any], Any]) -> str:
    if "Next" in state:
        return f"next {mapped(state['Next'])!r}"
    if state.get("End") is True:
        return "end"
    return "no exit" if state.get("Type") not in ("Choice", "Succeed", "Fail") else "-"


def _mapped_catcher(catcher: Any, mapped: Callable[[Any], Any]) -> Any:
    if isinstance(catcher, dict) and "Next" in catcher:
        return {**catcher, "Next": mapped(catcher["Next"])}
    return catcher


def _retries(state: dict[str, Any]) -> str:
    retriers = state.get("Retry") or []
    return "; ".join(retry_summary(r) for r in retriers) if retriers else "no retry"


def _catches(catchers: Any) -> str:
    parts = []
    for catcher in catchers or []:
        if isinstance(catcher, dict):
            errors = ", ".join(str(e) for e in catcher.get("ErrorEquals") or [])
            parts.append(f"catch {errors} -> {catcher.get('Next')!r}")
    return "; ".join(parts) if parts else "no catch"


def _integration(state: dict[str, Any]) -> str:
    resource = state.get("Resource")
    if not isinstance(resource, str):
        return "no resource"
    return f"{short_resource(resource)} ({pattern_of(resource)})"


def _describe_state(state: dict[str, Any]) -> str:
    kind = str(state.get("Type", "?"))
    resource = state.get("Resource")
    return f"{kind}, {short_resource(resource)}" if isinstance(resource, str) else kind


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def _without_transitions(state: dict[str, Any]) -> dict[str, Any]:
    stripped = {k: v for k, v in state.items() if k not in ("Next", "End", "Default")}
    if isinstance(state.get("Choices"), list):
        stripped["Choices"] = [
            _without(r, "Next") if isinstance(r, dict) else r for r in state["Choices"]
        ]
    if isinstance(state.get("Catch"), list):
        stripped["Catch"] = [
            _without(c, "Next") if isinstance(c, dict) else c for c in state["Catch"]
        ]
    return stripped


def _content_key(state: dict[str, Any]) -> str | None:
    # A bare `{"Type": "Pass"}` says too little to be recognised under another name.
    stripped = _without_transitions(state)
    if not set(stripped) - {"Type", "Comment"}:
        return None
    return _canonical(stripped)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _value(value: Any) -> str:
    return shorten(json.dumps(value, ensure_ascii=False, sort_keys=True), 100)
