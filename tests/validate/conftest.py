"""Shared fixtures for the validation tests: the corpus of valid and invalid definitions."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
VALID = sorted((CORPUS / "valid").glob("*.json"))
INVALID = sorted((CORPUS / "invalid").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def workflow_type_of(path: Path) -> str:
    """Valid definitions named express-* are validated as Express workflows."""
    return "EXPRESS" if path.name.startswith("express-") else "STANDARD"


# jsonata-python raises the interpreter's recursion limit when it is first imported; importing it
# here, before any test runs, keeps hypothesis from warning that a test changed the limit.
import jsonata  # noqa: E402, F401
