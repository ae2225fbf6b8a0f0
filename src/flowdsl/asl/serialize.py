"""Canonical bytes for generated files: same document, same bytes, on any machine."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(document: Any, *, sort_keys: bool = False) -> str:
    """Two-space JSON ending in a newline; ASL keeps the emitter's key order (reads like AWS)."""
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"
