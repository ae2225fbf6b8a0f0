"""Project configuration from `[tool.flowdsl]` in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.errors import UsageError


@dataclass(frozen=True)
class Config:
    root: Path
    flows: Path
    generated: Path
    # Declared resources for states whose resource is only known at run time, and IAM actions
    # for aws-sdk calls flowdsl cannot derive: {workflow: {state: [...]}}.
    iam: dict[str, Any] = field(default_factory=dict)
    # Concrete DefinitionSubstitutions values per environment: {env: {placeholder: value}}.
    environments: dict[str, dict[str, str]] = field(default_factory=dict)
    # Declared inputs (see build/declared.py): glob patterns relative to the root, and
    # environment variable names, whose reads are recorded instead of never cached.
    inputs: tuple[str, ...] = ()
    env: tuple[str, ...] = ()


def load_config(root: Path | None = None) -> Config:
    root = (root or Path.cwd()).resolve()
    settings: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{pyproject}: invalid TOML: {exc}") from None
        settings = data.get("tool", {}).get("flowdsl", {})
        if not isinstance(settings, dict):
            raise UsageError(f"{pyproject}: [tool.flowdsl] must be a table")
    known = {"flows", "generated", "iam", "environments", "inputs", "env"}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise UsageError(
            f"{pyproject}: unknown [tool.flowdsl] keys: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    for key in ("flows", "generated"):
        if key in settings and not isinstance(settings[key], str):
            raise UsageError(f"{pyproject}: [tool.flowdsl] {key} must be a string path")
    iam = settings.get("iam", {})
    if not isinstance(iam, dict):
        raise UsageError(f"{pyproject}: [tool.flowdsl.iam] must be a table")
    environments = settings.get("environments", {})
    if not isinstance(environments, dict) or not all(
        isinstance(values, dict) and all(isinstance(v, str) for v in values.values())
        for values in environments.values()
    ):
        raise UsageError(
            f"{pyproject}: [tool.flowdsl.environments.NAME] tables map placeholders to strings, "
            'e.g. OrdersQueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders"'
        )
    return Config(
        root=root,
        environments=environments,
        flows=root / settings.get("flows", "flows"),
        generated=root / settings.get("generated", "generated"),
        iam=iam,
        inputs=_inputs(settings.get("inputs", []), pyproject),
        env=_env(settings.get("env", []), pyproject),
    )


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _inputs(patterns: Any, pyproject: Path) -> tuple[str, ...]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise UsageError(
            f"{pyproject}: [tool.flowdsl] inputs must be a list of glob patterns relative to "
            'pyproject.toml, e.g. inputs = ["data/**/*.csv"]'
        )
    for pattern in patterns:
        if pattern.startswith(("/", "~")) or "\\" in pattern or ".." in pattern.split("/"):
            raise UsageError(
                f"{pyproject}: [tool.flowdsl] inputs: {pattern!r} must be relative to "
                'pyproject.toml and inside the project (no leading / or ~, no .., no \\), e.g. "data/**/*.csv"'
            )
    return tuple(sorted(set(patterns)))


def _env(names: Any, pyproject: Path) -> tuple[str, ...]:
    if not isinstance(names, list) or not all(
        isinstance(n, str) and _VARIABLE.fullmatch(n) for n in names
    ):
        raise UsageError(
            f"{pyproject}: [tool.flowdsl] env must be a list of environment variable names, "
            'e.g. env = ["STAGE"]'
        )
    return tuple(sorted(set(names)))
