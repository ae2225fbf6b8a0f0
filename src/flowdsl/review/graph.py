"""A drawing-neutral graph of an ASL definition: nodes, clusters and labelled edges."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.review.conditions import describe_rule, jsonata_body, shorten
from flowdsl.review.resources import mentions, short_resource

START_ID = "fd_start"
END_ID = "fd_end"

# Edge kinds, which renderers style differently.
NEXT, CHOICE, DEFAULT, CATCH = "next", "choice", "default", "catch"
START, END = "start", "end"  # into the first state, out of the last
# Inside a Parallel or Map box: from the box's entry point to each branch's first state, and
# from each branch's last state to the box's exit point. Renderers draw them invisibly: they
# only make the layout put branches side by side and the box's own edges at its top and bottom.
HIDDEN = "hidden"


def exit_point(state_id: str) -> str:
    """The id transitions of a Parallel or Map leave from (its entry point is the state's id)."""
    return f"{state_id}_out"


@dataclass(frozen=True, slots=True)
class Node:
    """One state (or a marker, or the target of a transition to a state that does not exist)."""

    id: str
    name: str
    type: str
    details: tuple[str, ...] = ()


@dataclass(slots=True)
class Cluster:
    """The branches of a Parallel state, one branch, or the processor of a Map state."""

    id: str
    kind: str  # "Parallel", "Branch" or "Map"
    title: str
    details: tuple[str, ...] = ()
    members: list[Node | Cluster] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Edge:
    """A transition; `label` is empty for a plain Next."""

    source: str
    target: str
    kind: str
    label: str = ""


@dataclass(slots=True)
class Graph:
    """The whole picture: top-level members (with the start and end markers) and all edges."""

    members: list[Node | Cluster]
    edges: list[Edge]


def build_graph(definition: dict[str, Any]) -> Graph:
    """Turn an ASL definition (any, not only flowdsl's) into a Graph, or raise UsageError."""
    if not isinstance(definition, dict) or not isinstance(definition.get("States"), dict):
        raise UsageError("not an ASL definition: expected a JSON object with a 'States' object")
    builder = _Builder()
    binding = input_binding(definition)
    note: tuple[str, ...] = ()
    if binding is not None:
        # The compiler's `order = input` state only names the input: drawn as the Start
        # marker's note, the picture shows the statements the workflow's author wrote.
        start = str(definition["StartAt"])
        note = (f"{binding} = input",)
        if start != note[0]:
            note = (start, *note)  # a name its author gave it (`# state: ...`) stays visible
    members = builder.scope(
        definition, (), entry=(START_ID, START, ""), exit_id=END_ID, fold=binding is not None
    )
    start_marker = Node(START_ID, "Start", "Start", note)
    end_marker = Node(END_ID, "End", "End")
    return Graph([start_marker, *members, end_marker], builder.edges)


_WHOLE_INPUT = re.compile(r"^\{%\s*\$states\.input(?:\.(\w+))?\s*%\}$")
_JSONPATH_INPUT = re.compile(r"^\$(?:\.(\w+))?$")


def input_binding(scope: dict[str, Any], *, fields: bool = False) -> str | None:
    """The variables a scope's first state binds its input to, if that is all it does.

    flowdsl starts a workflow that takes a parameter, and each Map iteration, with a Pass state
    that only names the input: `order = input`, `item = item`, or `i, item` from enumerate()
    (Assign of `{% $states.input %}` / `{% $states.input.value %}` in JSONata, `"item.$": "$"`
    in JSONPath), then Next. Such a state is drawn as a note (on Start, or on the Map's box)
    instead of a state of its own, unless another state jumps to it. Fields of the input
    (`$states.input.value`) count only with `fields` (a Map iteration's index and value).
    """
    states = scope.get("States")
    start = scope.get("StartAt")
    if not isinstance(states, dict) or not isinstance(start, str):
        return None
    first = states.get(start)
    if not isinstance(first, dict) or first.get("Type") != "Pass":
        return None
    if set(first) - {"Type", "Assign", "Next", "Comment", "QueryLanguage"} or "Next" not in first:
        return None
    assign = first.get("Assign")
    if not isinstance(assign, dict) or not assign:
        return None
    names = []
    for key, value in assign.items():
        jsonpath = key.endswith(".$")
        pattern = _JSONPATH_INPUT if jsonpath else _WHOLE_INPUT
        match = pattern.match(value) if isinstance(value, str) else None
        if match is None or (match.group(1) and not fields):
            return None
        names.append(key[:-2] if jsonpath else key)
    if first["Next"] not in states or _jumped_to(states, start):
        return None
    return ", ".join(names)


def _jumped_to(states: dict[str, Any], name: str) -> bool:
    """Whether any transition in the top-level scope targets `name`."""
    for state in states.values():
        if not isinstance(state, dict):
            continue
        targets = [state.get("Next"), state.get("Default")]
        targets += [r.get("Next") for r in state.get("Choices") or [] if isinstance(r, dict)]
        targets += [c.get("Next") for c in state.get("Catch") or [] if isinstance(c, dict)]
        if name in targets:
            return True
    return False


def node_id(name: str, salt: str = "") -> str:
    """A Mermaid- and DOT-safe id that depends only on the state's name (stable across edits)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")[:32]
    digest = hashlib.sha256((salt + "\x1f" + name).encode("utf-8")).hexdigest()[:8]
    return f"st_{slug}_{digest}" if slug else f"st_{digest}"


class _Builder:
    def __init__(self) -> None:
        self.edges: list[Edge] = []
        # State names are unique in a valid definition; a hand-written one may repeat a name in
        # another branch, which then gets an id salted with its scope so nodes never merge.
        self._taken: set[str] = set()

    def scope(
        self,
        container: dict[str, Any],
        path: tuple[str, ...],
        *,
        entry: tuple[str, str, str],
        exit_id: str,
        end_kind: str = END,
        fold: bool = False,
    ) -> list[Node | Cluster]:
        """Members of one States block; `entry` is (source, kind, label) of the edge into it;
        states that end the block lead to `exit_id` by an edge of `end_kind`. With `fold`, the
        first state (an input binding, see `input_binding`) is not drawn: edges into it go to
        the state after it."""
        states = container.get("States")
        if not isinstance(states, dict):
            return []
        folded: dict[str, str] = {}
        if fold:
            first = str(container["StartAt"])
            folded[first] = str(states[first]["Next"])
        ids = {str(name): self._claim(str(name), path) for name in states if name not in folded}
        for name, successor in folded.items():
            ids[name] = ids[successor]
        members: list[Node | Cluster] = []
        missing: dict[str, Node] = {}

        def target(name: Any) -> str:
            text = str(name)
            if text in ids:
                return ids[text]
            if text not in missing:
                missing[text] = Node(self._claim(text, (*path, "missing")), text, "Missing")
            return missing[text].id

        source, kind, label = entry
        self.edges.append(Edge(source, target(container.get("StartAt")), kind, label))
        for raw_name, state in states.items():
            name = str(raw_name)
            if name in folded:
                continue
            if not isinstance(state, dict):
                state = {}
            sid = ids[name]
            members.extend(self._member(sid, name, state, (*path, name)))
            boxed = state.get("Type") in ("Parallel", "Map")
            self._transitions(exit_point(sid) if boxed else sid, state, target, exit_id, end_kind)
        members.extend(missing[key] for key in sorted(missing))
        return members

    def _claim(self, name: str, path: tuple[str, ...]) -> str:
        candidate = node_id(name)
        if candidate in self._taken:
            candidate = node_id(name, salt="/".join(path))
        self._taken.add(candidate)
        return candidate

    def _member(
        self, sid: str, name: str, state: dict[str, Any], path: tuple[str, ...]
    ) -> list[Node | Cluster]:
        kind = str(state.get("Type", "?"))
        details = _details(kind, state)
        if kind not in ("Parallel", "Map"):
            return [Node(sid, name, kind, details)]
        # One box per Parallel or Map: its name and details as the title, an entry point at the
        # top and an exit point at the bottom (drawn invisibly), and inside it the branches side
        # by side, each named after its branch function (the branch's Comment) where given.
        entry, out = Node(sid, name, "Anchor"), Node(exit_point(sid), name, "Anchor")
        processor = state.get("ItemProcessor") or state.get("Iterator")
        binding = input_binding(processor, fields=True) if isinstance(processor, dict) else None
        each = f"for each item: {binding}" if binding else "for each item"
        title = details if kind == "Parallel" else (each, *details)
        box = Cluster(f"{sid}_box", kind, name, title, [entry])
        if kind == "Parallel":
            for index, branch in enumerate(state.get("Branches") or [], start=1):
                label = f"Branch {index}"
                if isinstance(branch, dict) and isinstance(branch.get("Comment"), str):
                    label = branch["Comment"]
                inner = Cluster(f"{sid}_b{index}", "Branch", label)
                if isinstance(branch, dict):
                    inner.members = self.scope(
                        branch, (*path, str(index)), entry=(sid, HIDDEN, ""), exit_id=out.id,
                        end_kind=HIDDEN,
                    )  # fmt: skip
                box.members.append(inner)
        elif isinstance(processor, dict):
            box.members += self.scope(
                processor, path, entry=(sid, HIDDEN, ""), exit_id=out.id, end_kind=HIDDEN,
                fold=binding is not None,
            )  # fmt: skip
        box.members.append(out)
        return [box]

    def _transitions(
        self, sid: str, state: dict[str, Any], target: Any, exit_id: str, end_kind: str
    ) -> None:
        kind = state.get("Type")
        for rule in state.get("Choices") or []:
            if isinstance(rule, dict) and "Next" in rule:
                self.edges.append(Edge(sid, target(rule["Next"]), CHOICE, describe_rule(rule)))
        if "Default" in state:
            self.edges.append(Edge(sid, target(state["Default"]), DEFAULT, "default"))
        if "Next" in state:
            self.edges.append(Edge(sid, target(state["Next"]), NEXT))
        for catcher in state.get("Catch") or []:
            if isinstance(catcher, dict) and "Next" in catcher:
                errors = ", ".join(str(e) for e in catcher.get("ErrorEquals") or [])
                label = shorten(f"catch {errors}", 60)
                self.edges.append(Edge(sid, target(catcher["Next"]), CATCH, label))
        if state.get("End") is True or kind == "Succeed":
            self.edges.append(Edge(sid, exit_id, end_kind))
        elif kind == "Fail" and exit_id == END_ID:
            # A Fail inside a branch fails the whole Parallel (or Map) instead of joining it.
            self.edges.append(Edge(sid, END_ID, END))


_FAIL_FIELDS = (
    ("Error", "error"),
    ("ErrorPath", "error from"),
    ("Cause", "cause"),
    ("CausePath", "cause from"),
)


def _details(kind: str, state: dict[str, Any]) -> tuple[str, ...]:
    lines: list[str] = []
    resource = state.get("Resource")
    if kind == "Task" and isinstance(resource, str):
        lines.append(short_resource(resource))
        targets = sorted({text for text, _ in mentions(_addressing(state.get("Parameters")))})
        arguments = _addressing(state.get("Arguments"))
        targets += sorted({text for text, _ in mentions(arguments)} - set(targets))
        # Which queue, function or table it calls; the page's resources table has them all.
        # A no-break space keeps the arrow with a long placeholder when Mermaid wraps the label.
        lines.extend(f"→\u00a0{shorten(target, 40)}" for target in targets[:2])
        if len(targets) > 2:
            lines.append(f"→ and {len(targets) - 2} more")
    if kind == "Wait":
        lines.append(_wait(state))
    if kind == "Fail":
        for key, word in _FAIL_FIELDS:
            if key in state:
                lines.append(shorten(f"{word}: {_text(state[key])}", 60))
    if kind == "Map":
        for key in ("Items", "ItemsPath", "ItemReader"):
            if key in state:
                shown = state[key].get("Resource", "") if key == "ItemReader" else state[key]
                lines.append(shorten(f"items: {short_resource(_text(shown))}", 60))
                break
        mode = (state.get("ItemProcessor") or {}).get("ProcessorConfig", {}).get("Mode")
        if mode == "DISTRIBUTED":
            lines.append("distributed")
        if "MaxConcurrency" in state:
            lines.append(f"max concurrency {_text(state['MaxConcurrency'])}")
    if "TimeoutSeconds" in state:
        lines.append(f"timeout {_text(state['TimeoutSeconds'])} s")
    if "HeartbeatSeconds" in state:
        lines.append(f"heartbeat {_text(state['HeartbeatSeconds'])} s")
    for retrier in state.get("Retry") or []:
        lines.extend(_retry_badges(retrier))
    return tuple(lines)


# Arguments that carry the data a task sends, not what it calls: a topic ARN inside a Lambda
# function's Payload is data for the function, and the picture must not draw the task as if it
# published to that topic. (The page's resources table still lists every resource mentioned.)
_DATA_ARGUMENTS = frozenset(
    {"Payload", "MessageBody", "Message", "Input", "Item", "Body", "RequestBody", "Detail"}
)


def _addressing(arguments: Any) -> dict[str, Any]:
    """The arguments that say which resource a task calls: top-level text values that are
    not its data, and the event bus of each EventBridge entry."""
    if not isinstance(arguments, dict):
        return {}
    found: dict[str, Any] = {}
    for key, value in arguments.items():
        name = key.removesuffix(".$")
        if name in _DATA_ARGUMENTS:
            continue
        if isinstance(value, str):
            found[key] = value
        elif name == "Entries" and isinstance(value, list):
            buses = [e.get("EventBusName") for e in value if isinstance(e, dict)]
            found[key] = [bus for bus in buses if isinstance(bus, str)]
    return found


def _wait(state: dict[str, Any]) -> str:
    if "Seconds" in state:
        return f"wait {_text(state['Seconds'])} s"
    if "SecondsPath" in state:
        return f"wait {_text(state['SecondsPath'])} s"
    for key in ("Timestamp", "TimestampPath"):
        if key in state:
            return shorten(f"wait until {_text(state[key])}", 60)
    return "wait"


def retry_summary(retrier: Any) -> str:
    """One Retry entry in words: errors, then the fields written (attempts, interval, ...)."""
    if not isinstance(retrier, dict):
        return "retry ?"
    errors = ", ".join(str(e) for e in retrier.get("ErrorEquals") or [])
    settings = retry_settings(retrier)
    return f"retry {errors}: {settings}" if settings else f"retry {errors}"


def _retry_badges(retrier: Any) -> list[str]:
    # Two short lines per retrier (Mermaid wraps labels at 200 px); the page's error-handling
    # table lists every error in full.
    if not isinstance(retrier, dict):
        return ["↻ retry ?"]
    errors = [str(e) for e in retrier.get("ErrorEquals") or []]
    joined = ", ".join(errors)
    which = joined if len(joined) <= 28 else f"{len(errors)} errors"
    settings = retry_settings(retrier)
    return [f"↻ retry {which}", settings] if settings else [f"↻ retry {which}"]


def retry_settings(retrier: dict[str, Any]) -> str:
    """How a retrier retries, e.g. `6 retries · 2 s · backoff 2`."""
    # Only the fields written are shown: a reviewer compares what the file says, and the
    # defaults AWS applies to absent fields are not restated here.
    parts: list[str] = []
    if "MaxAttempts" in retrier:
        attempts = _text(retrier["MaxAttempts"])
        parts.append(f"{attempts} {'retry' if attempts == '1' else 'retries'}")
    if "IntervalSeconds" in retrier:
        parts.append(f"{_text(retrier['IntervalSeconds'])} s")
    if "BackoffRate" in retrier:
        parts.append(f"backoff {_text(retrier['BackoffRate'])}")
    if "MaxDelaySeconds" in retrier:
        parts.append(f"max delay {_text(retrier['MaxDelaySeconds'])} s")
    if "JitterStrategy" in retrier:
        parts.append(f"jitter {_text(retrier['JitterStrategy'])}")
    return " · ".join(parts)


def _text(value: Any) -> str:
    if isinstance(value, str):
        body = jsonata_body(value)
        return body if body is not None else value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
