"""Inputs a project declares in `[tool.flowdsl]`, so that reads flowdsl cannot see into are
recorded instead of making a module uncacheable.

- `inputs = ["data/**/*.csv"]`: glob patterns relative to pyproject.toml. A directory listing
  (`os.listdir`, `os.scandir`, `glob`, `Path.iterdir`, `os.walk`) of a directory under a
  pattern's fixed prefix (`data/` here), or an SQLite database there, is recorded as the names
  the listing saw and the pattern's fingerprint: every path it matches, with each file's
  content. A change to either compiles the module again. The declaration is a promise that
  files the pattern leaves out do not change the module's outputs (stat data of a file it
  matches, such as `os.path.getsize`, changes with its content).
- `env = ["STAGE"]`: environment variables. A read of the whole environment (iterating
  `os.environ`, `.items()`, `.copy()`) records the declared variables' values, and a declared
  variable is recorded even when a library reads it on the module's behalf.

A process, a socket or a write is never declared: its result cannot be hashed.

Standard library only: the fast check recomputes fingerprints through `Input.still_matches`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

MISSING = "missing"
PATTERN = "$inputs:"  # an input named so is a declared pattern's fingerprint
LISTING = "$listing:"  # an input named so is the entry names of a directory listed
_MAGIC = frozenset("*?[")


@dataclass(frozen=True)
class Declared:
    patterns: tuple[str, ...] = ()  # absolute glob patterns
    env: frozenset[str] = frozenset()

    @staticmethod
    def of(root: str, inputs: tuple[str, ...], env: tuple[str, ...]) -> Declared:
        return Declared(tuple(os.path.join(root, p) for p in inputs), frozenset(env))

    def covering(self, path: str) -> list[str]:
        """The declared patterns whose fixed prefix holds `path` (absolute)."""
        inside = os.path.join(path, "")
        return [p for p in self.patterns if inside.startswith(os.path.join(fixed_prefix(p), ""))]


def fixed_prefix(pattern: str) -> str:
    """The directory a pattern starts at: its leading components without a wildcard."""
    parts = pattern.split(os.sep)
    for index, part in enumerate(parts):
        if _MAGIC & set(part):
            return os.sep.join(parts[:index]) or os.sep
    return os.path.dirname(pattern)


def fingerprint(pattern: str) -> str:
    """Every path the pattern matches (hidden ones too), and each file's content."""
    import glob  # only a project that declares inputs pays for it

    start = fixed_prefix(pattern)
    hasher = hashlib.sha256()
    for path in sorted(glob.glob(pattern, recursive=True, include_hidden=True)):
        shown = os.path.relpath(path, start)
        if os.path.isdir(path):
            hasher.update(f"directory {shown}\n".encode())
        else:
            hasher.update(f"file {shown} {_content(path)}\n".encode())
    return hasher.hexdigest()


def listing(directory: str) -> str:
    """The names a listing of the directory sees now."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return MISSING
    return hashlib.sha256("\0".join(names).encode()).hexdigest()


def _content(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return MISSING
