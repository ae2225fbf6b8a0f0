"""Reading a workflow's ASL (and its substitutions) from a file or from generated/NAME/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.asl.reading import read_json_file
from flowdsl.errors import UsageError

DEFINITION_FILE = "definition.asl.json"
SUBSTITUTIONS_FILE = "substitutions.json"


@dataclass(frozen=True, slots=True)
class LoadedWorkflow:
    """An ASL definition with the name to show and the substitutions found beside it."""

    name: str
    path: Path
    definition: dict[str, Any]
    substitutions: dict[str, str] | None


def load_json(path: Path, what: str = "JSON file") -> Any:
    """Parse a JSON file through the shared bounded reader; every failure is a UsageError."""
    return read_json_file(str(path)).doc


def load_definition(path: Path) -> dict[str, Any]:
    """An ASL definition from a file: a JSON object with a `States` object."""
    document = load_json(path, "ASL JSON file")
    if not isinstance(document, dict) or not isinstance(document.get("States"), dict):
        raise UsageError(f"{path}: not an ASL definition (no 'States' object)")
    return document


def load_workflow(target: str, generated: Path = Path("generated")) -> LoadedWorkflow:
    """`target` is an ASL file, a directory holding one, or a workflow's name under `generated/`."""
    path = Path(target)
    if path.is_dir() and (path / DEFINITION_FILE).is_file():
        path = path / DEFINITION_FILE
    if path.exists() and not path.is_dir():  # the reader refuses FIFOs and devices with a reason
        subs_path = path.with_name(SUBSTITUTIONS_FILE)
        name = path.parent.name if path.name == DEFINITION_FILE else path.name.split(".")[0]
    elif (generated / target / DEFINITION_FILE).is_file():
        path = generated / target / DEFINITION_FILE
        subs_path = generated / target / SUBSTITUTIONS_FILE
        name = target
    else:
        raise UsageError(
            f"{target}: neither an ASL file nor a workflow in {generated}/ "
            f"(expected {generated / target / DEFINITION_FILE})"
        )
    definition = load_definition(path)
    substitutions = None
    if subs_path.is_file():
        loaded = load_json(subs_path)
        if isinstance(loaded, dict):
            substitutions = {str(k): str(v) for k, v in loaded.items()}
    return LoadedWorkflow(name, path, definition, substitutions)
