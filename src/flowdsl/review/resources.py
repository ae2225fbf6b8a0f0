"""What a definition talks to: each Task's integration and pattern, and the resources it names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Integration patterns are spelled as a suffix of the Resource URI; see "Discover service
# integration patterns in Step Functions":
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
# "arn:aws:states:::" (no region, no account) is the namespace of service integrations; a Lambda
# function ARN as Resource is the legacy direct integration; activities have their own ARN.
_INTEGRATION_PREFIX = re.compile(r"^arn:aws[a-z-]*:states:::")
_PATTERN_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".waitForTaskToken", "wait for callback (.waitForTaskToken)"),
    (".sync:2", "run a job (.sync:2)"),
    (".sync", "run a job (.sync)"),
)
_LAMBDA_FUNCTION = re.compile(r"^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:")
_ACTIVITY = re.compile(r"^arn:aws[a-z-]*:states:[^:]+:[^:]*:activity:")

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_.:-]+)\}")
# A placeholder may stand inside an ARN (`arn:aws:sqs:${AWS::Region}:...`): keep the ARN whole.
_ARN = re.compile(
    r"arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):[a-z0-9-]+:(?:\$\{[^}\s]*\}|\$(?!\{)|[^\s\"'<>{}|$])*"
)
_URL = re.compile(r"https?://[^\s\"'<>{}|]+")


@dataclass(frozen=True, slots=True)
class Integration:
    """One Task (or Distributed Map reader/writer) calling a service."""

    state: str
    resource: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Resource:
    """A placeholder, ARN or URL the definition names, with the states that use it."""

    text: str
    kind: str
    value: str | None
    used_by: tuple[str, ...]


def walk_states(definition: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every state of a definition, nested Parallel branches and Map processors included."""
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict):
        return
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        yield str(name), state
        for branch in state.get("Branches") or []:
            yield from walk_states(branch)
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor is not None:
            yield from walk_states(processor)


def pattern_of(resource: str) -> str:
    """The integration pattern a Task's Resource selects, in the words of the AWS guide."""
    if _INTEGRATION_PREFIX.match(resource):
        for suffix, pattern in _PATTERN_SUFFIXES:
            if resource.endswith(suffix):
                return pattern
        return "request-response"
    if _LAMBDA_FUNCTION.match(resource):
        return "Lambda function (legacy direct ARN)"
    if _ACTIVITY.match(resource):
        return "activity"
    if PLACEHOLDER.fullmatch(resource):
        return "set by substitution"
    return "unknown"


def short_resource(resource: str) -> str:
    """Drop the service-integration namespace: `arn:aws:states:::lambda:invoke` -> `lambda:invoke`."""
    return _INTEGRATION_PREFIX.sub("", resource)


def integrations(definition: dict[str, Any]) -> list[Integration]:
    """Each service call in definition order (Tasks, and a Distributed Map's reader and writer)."""
    found: list[Integration] = []
    for name, state in walk_states(definition):
        resource = state.get("Resource")
        if state.get("Type") == "Task" and isinstance(resource, str):
            found.append(Integration(name, resource, pattern_of(resource)))
        for field in ("ItemReader", "ResultWriter"):
            block = state.get(field)
            if isinstance(block, dict) and isinstance(block.get("Resource"), str):
                found.append(
                    Integration(f"{name} ({field})", block["Resource"], "request-response")
                )
    return found


def resources(
    definition: dict[str, Any], substitutions: dict[str, str] | None = None
) -> list[Resource]:
    """Placeholders, literal ARNs and URLs named anywhere in the states, sorted by text."""
    # Users in first-use order; a dict, because a placeholder may be named by thousands of states.
    users: dict[tuple[str, str], dict[str, None]] = {}
    for name, state in walk_states(definition):
        for text, kind in mentions(_own_fields(state)):
            users.setdefault((text, kind), {})[name] = None
    subs = substitutions or {}
    return [
        Resource(text, kind, subs.get(text[2:-1]) if kind == "placeholder" else None, tuple(names))
        for (text, kind), names in sorted(users.items())
    ]


def _own_fields(state: dict[str, Any]) -> dict[str, Any]:
    # Nested states are reported under their own names, so leave them out of their parent's.
    own = {k: v for k, v in state.items() if k not in ("Branches", "ItemProcessor", "Iterator")}
    resource = own.get("Resource")
    if isinstance(resource, str) and _INTEGRATION_PREFIX.match(resource):
        # An integration URI names an API, not a resource of the user's.
        del own["Resource"]
    return own


def mentions(value: Any) -> Iterator[tuple[str, str]]:
    """Each placeholder, ARN and URL inside a JSON value, as (text, kind)."""
    strings: list[str] = []
    _collect_strings(value, strings)
    for text in strings:
        # Most strings name nothing: a substring test is far cheaper than three regex scans.
        if "${" in text:
            for match in PLACEHOLDER.finditer(text):
                # CloudFormation pseudo parameters (${AWS::Region}) are filled in by the
                # deployment, not by the workflow's DefinitionSubstitutions.
                if not match.group(1).startswith("AWS::"):
                    yield match.group(0), "placeholder"
        if "arn:" in text:
            for match in _ARN.finditer(text):
                if not _INTEGRATION_PREFIX.match(match.group(0)):
                    yield match.group(0), "ARN"
        if "://" in text:
            for match in _URL.finditer(text):
                yield match.group(0), "URL"


def _collect_strings(value: Any, out: list[str]) -> None:
    """Every string of a JSON value, keys included, in document order."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                out.append(key)
            _collect_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect_strings(item, out)
