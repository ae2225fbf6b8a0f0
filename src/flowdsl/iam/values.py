"""Reading a state's parameters: static values (placeholders resolved) versus run-time values.

A value is static when the definition holds it literally, or as a DefinitionSubstitutions
placeholder whose value is known. It is dynamic when it is a JSONata `{% %}` expression, a JSONPath
`Key.$` reference, or names a placeholder that `substitutions` does not define (only the
CloudFormation pseudo parameters `${AWS::...}` stay, as the policies use them too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def pointer_token(key: str | int) -> str:
    """One RFC 6901 reference token."""
    return str(key).replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True)
class Value:
    """A parameter as the policy sees it."""

    kind: Literal["static", "dynamic", "absent"]
    text: str | None
    pointer: str
    reason: str = ""


def is_jsonata(value: Any) -> bool:
    return (
        isinstance(value, str) and value.strip().startswith("{%") and value.strip().endswith("%}")
    )


def resolve_text(text: str, substitutions: Mapping[str, str]) -> tuple[str | None, str]:
    """`${OrdersQueueUrl}` -> its value; (None, reason) when a placeholder is unknown."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("AWS::"):
            return match.group(0)
        if name in substitutions:
            return str(substitutions[name])
        missing.append(name)
        return match.group(0)

    resolved = _PLACEHOLDER.sub(replace, text)
    if missing:
        return None, f"placeholder ${{{missing[0]}}} is not in the substitutions"
    return resolved, ""


class Parameters:
    """The parameters of one state (JSONata `Arguments` or JSONPath `Parameters`)."""

    def __init__(
        self,
        block: Mapping[str, Any],
        pointer: str,
        substitutions: Mapping[str, str],
        field: str | None = None,
    ) -> None:
        self.root: Any
        if field is not None:  # another object of the state, e.g. its Credentials
            self.root = block.get(field, {})
            self.pointer = f"{pointer}/{pointer_token(field)}"
        elif "Arguments" in block:
            self.root = block["Arguments"]
            self.pointer = f"{pointer}/Arguments"
        else:
            self.root = block.get("Parameters", {})
            self.pointer = f"{pointer}/Parameters"
        self.substitutions = substitutions

    def values(self, path: str) -> list[Value]:
        """Every value at `path` (several when the path walks a list with `[]`)."""
        return list(self._walk(self.root, self.pointer, path.split(".")))

    def first_static(self, path: str) -> str | None:
        for value in self.values(path):
            if value.kind == "static":
                return value.text
        return None

    def _walk(self, node: Any, pointer: str, segments: list[str]) -> Iterator[Value]:
        if is_jsonata(node):
            yield Value("dynamic", None, pointer, "it is a JSONata expression")
            return
        if not segments:
            yield self._leaf(node, pointer)
            return
        head, rest = segments[0], segments[1:]
        many = head.endswith("[]")
        key = head[:-2] if many else head
        if not isinstance(node, Mapping):
            yield Value("absent", None, pointer)
            return
        if f"{key}.$" in node:
            yield Value("dynamic", None, f"{pointer}/{pointer_token(key + '.$')}", "it is a path")
            return
        if key not in node:
            yield Value("absent", None, f"{pointer}/{pointer_token(key)}")
            return
        child, child_pointer = node[key], f"{pointer}/{pointer_token(key)}"
        if not many:
            yield from self._walk(child, child_pointer, rest)
        elif is_jsonata(child) or not isinstance(child, list):
            yield Value("dynamic", None, child_pointer, "the list is computed at run time")
        else:
            for index, item in enumerate(child):
                yield from self._walk(item, f"{child_pointer}/{index}", rest)

    def _leaf(self, node: Any, pointer: str) -> Value:
        if node is None:
            return Value("absent", None, pointer)
        if isinstance(node, bool | int | float):
            return Value("static", str(node), pointer)
        if not isinstance(node, str):
            return Value("dynamic", None, pointer, "it is not a plain string")
        if "{%" in node:
            return Value("dynamic", None, pointer, "it is a JSONata expression")
        text, reason = resolve_text(node, self.substitutions)
        if text is None:
            return Value("dynamic", None, pointer, reason)
        return Value("static", text, pointer)
