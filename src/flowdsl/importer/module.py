"""A whole flowdsl module for one imported definition: imports, resources, retry policies,
error classes, and the `@workflow` function, formatted with ruff."""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.importer import calls, low_level, paths
from flowdsl.importer.code import Stmt
from flowdsl.importer.jsonata_writer import JsonataScopeWriter, uses_jsonata
from flowdsl.importer.parts import ModuleParts
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported
from flowdsl.importer.sources import Definition
from flowdsl.importer.structure import Graph
from flowdsl.importer.writer import ScopeWriter

# flowdsl's state machine names: https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
_NAME_OK = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass(frozen=True)
class ImportedModule:
    """The Python text of one imported definition, and what the import counted."""

    definition: Definition
    source: str
    function: str
    states: int
    low_level: int = 0  # how many states or scopes are written as literal ASL


def write_module(
    definition: Definition,
    literal_because: str | None = None,
    literal_states: Mapping[str, str] | None = None,
) -> ImportedModule:
    """The flowdsl module for `definition`: Python, with literal ASL (low_level.py) for what
    has no Python form; all of it literal ASL when `literal_because` says why, and the states
    `literal_states` names (with why) as literal ASL."""
    asl = definition.asl
    states, start = asl.get("States"), asl.get("StartAt")
    if not isinstance(states, dict) or not isinstance(start, str):
        raise Unsupported("a definition needs StartAt and States")
    parts = ModuleParts()
    parts.declarations.placeholder_types = dict(definition.placeholder_types)
    parts.literal_states = dict(literal_states or {})
    variables = set(_variables(asl))
    # Literal ASL reads and assigns variables by their ASL names, so the input's name must not
    # be one of them.
    param = next((n for n in ("data", "execution_input") if n not in variables), "input_")
    frame = Frame(data=param, variables=variables)
    # A definition with JSONata states is written by the JSONata writer and recompiled as
    # JSONata; its JSONPath states (if any) mean the same there.
    language = asl.get("QueryLanguage", "JSONPath")
    jsonata = uses_jsonata(asl)
    written_language = "JSONata" if jsonata else "JSONPath"
    before = parts.snapshot()
    try:
        if literal_because is not None:
            raise Unsupported(literal_because)
        writer = (
            JsonataScopeWriter(Graph(states, start), frame, parts, language=str(language))
            if jsonata
            else ScopeWriter(Graph(states, start), frame, parts)
        )
        body = writer.write()
    except Unsupported as exc:
        parts.restore(before)
        body = low_level.scope(states, start, frame, parts, exc)
        # The literal keeps its states as written: they mean what they mean in the
        # definition's own language.
        written_language = str(language)
    function = calls.identifier(definition.name)
    text = _render(definition, parts, function, body, param, written_language)
    return ImportedModule(definition, text, function, _count_states(asl), parts.low_level)


def _render(
    definition: Definition,
    parts: ModuleParts,
    function: str,
    body: list[Stmt],
    param: str,
    language: str,
) -> str:
    asl = definition.asl
    names = sorted(
        {kind for kind, _ in parts.declarations.resources}
        | parts.declarations.imports
        | parts.imports
        | {"workflow"}
    )
    uses_json = any("json." in line for stmt in body for line in stmt.render())
    uses_uuid = any("uuid.uuid4()" in line for stmt in body for line in stmt.render())
    uses_context = any("context." in line for stmt in body for line in stmt.render())
    uses_timestamp = any("timestamp(" in line for stmt in body for line in stmt.render())
    if uses_context:
        names = sorted({*names, "context"})
    if uses_timestamp:
        names = sorted({*names, "timestamp"})
    lines = [f'"""{_docstring_text(definition)}"""', ""]
    if uses_json or uses_uuid:
        lines.extend(["import json"] if uses_json else [])
        lines.extend(["import uuid"] if uses_uuid else [])
        lines.append("")
    lines.append(f"from flowdsl import {', '.join(names)}")
    lines.append("")
    for (kind, arn), variable in sorted(parts.declarations.resources.items(), key=lambda kv: kv[1]):
        note = (
            "  # the Resource placeholder is taken to be a Lambda function's ARN"
            if arn in parts.declarations.guessed
            else ""
        )
        lines.append(f"{variable} = {kind}(arn={arn!r}){note}")
    for error, variable in sorted(parts.custom_errors.items(), key=lambda kv: kv[1]):
        lines.append(f"{variable} = error({error!r})")
    for name, expr in sorted(parts.retries.values(), key=lambda kv: kv[0]):
        lines.append(f"{name} = {ast.unparse(ast.fix_missing_locations(expr))}")
    lines.extend(["", ""])
    options = [f"name={definition.name!r}"] if _NAME_OK.match(definition.name) else []
    options.append(f"query_language={language!r}")
    if definition.workflow_type == "EXPRESS":
        options.append('type="EXPRESS"')
    if isinstance(asl.get("TimeoutSeconds"), int):
        options.append(f"timeout_seconds={asl['TimeoutSeconds']}")
    lines.append(f"@workflow({', '.join(options)})")
    lines.append(f"def {function}({param}: dict):")
    comment = asl.get("Comment")
    if isinstance(comment, str) and comment.strip():
        lines.append(f"    {_docstring(comment)}")
    for stmt in body:
        lines.extend(stmt.render(1))
    return "\n".join(lines) + "\n"


def _docstring_text(definition: Definition) -> str:
    return f"{definition.name}, imported from {definition.origin} by `flowdsl import`."


def _docstring(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if escaped.endswith('"'):  # a quote just before the closing """ would end it early
        escaped = escaped[:-1] + '\\"'
    return f'"""{escaped}"""'


def _variables(node: Any) -> list[str]:
    """Every workflow variable an Assign anywhere in the definition binds."""
    found: list[str] = []
    if isinstance(node, dict):
        assigned = node.get("Assign")
        if isinstance(assigned, dict):
            found.extend(k[:-2] if k.endswith(".$") else k for k in assigned)
        for value in node.values():
            found.extend(_variables(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_variables(value))
    return found


def _count_states(asl: dict[str, Any]) -> int:
    total = 0
    for state in (asl.get("States") or {}).values():
        total += 1
        if not isinstance(state, dict):
            continue
        for branch in state.get("Branches") or []:
            if isinstance(branch, dict):
                total += _count_states(branch)
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if isinstance(processor, dict):
            total += _count_states(processor)
    return total


def formatted(source: str, filename: str = "flow.py") -> str:
    """Sort the imports and format the module with ruff, under the configuration of the
    project it is written into (`filename` decides which)."""
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:  # pragma: no cover - ruff is a dependency
        return source
    # Sorted imports, and the E712 suppression dropped where the project does not enable E712.
    tidy = ["--extend-select", "I001,RUF100", "--fixable", "I001,RUF100"]
    fix = ["check", "--fix", *tidy, "--quiet", "--exit-zero"]
    # The module's imports are written in ruff's default isort order already: the fixing pass
    # is needed for a `# noqa` or a project with isort settings of its own, and skipping it
    # otherwise saves one ruff process a module (a third of a large corpus's import time).
    needs_fix = "noqa" in source or _configures_isort(Path(filename).resolve().parent)
    steps = ([fix] if needs_fix else []) + [["format"]]
    for step in steps:
        try:
            done = subprocess.run(
                [find_ruff_bin(), *step, "--stdin-filename", filename, "-"],
                input=source,
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return source
        if done.returncode == 0 and done.stdout:
            source = done.stdout
    return source


_EXTENDS = re.compile(r"^\s*extend\s*=", re.MULTILINE)


def _configures_isort(directory: Path) -> bool:
    """Whether the ruff configuration that governs `directory` (the nearest pyproject.toml,
    ruff.toml or .ruff.toml, as ruff finds it) says anything about isort."""
    for folder in (directory, *directory.parents):
        for name in (".ruff.toml", "ruff.toml", "pyproject.toml"):
            config = folder / name
            if not config.is_file():
                continue
            text = config.read_text(encoding="utf-8", errors="replace")
            if name == "pyproject.toml" and "[tool.ruff" not in text:
                continue  # ruff skips a pyproject.toml without its section
            # `extend = "base.toml"` may carry isort settings from elsewhere: keep the pass.
            return "isort" in text or _EXTENDS.search(text) is not None
    return False


def module_path(directory: Path, definition: Definition) -> Path:
    return directory / f"{calls.identifier(definition.name)}.py"


__all__ = ["ImportedModule", "formatted", "module_path", "paths", "write_module"]
