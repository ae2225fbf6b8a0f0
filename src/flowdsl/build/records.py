"""The records behind an incremental build and a fast `compile --check`.

`.flowdsl_cache/records.json` (beside pyproject.toml; the directory ignores itself for git)
holds two kinds of facts, each true on its own, so a record written by an older or a concurrent
run can be out of date but never wrong:

- per flow module: every input as the bytes read (hash, see `inputs`), whether it did a read
  flowdsl cannot hash (then it is never trusted), and what it compiled to: each workflow's name,
  location, warnings and the hash of each file;
- per file in generated/: its hash and the stat data seen when it was hashed or written.

All of it is valid only under one environment key (Python, flowdsl's own files, botocore's
API models, sys.path and the `[tool.flowdsl]` settings that shape output). A stat entry is
trusted the way git trusts its index (size, mtime and ctime in nanoseconds, inode), and only
when the file's times are strictly older than a stamp the run took before reading it or after
writing it (git's racy-git rule): a file that changed within the stamp's tick is re-hashed.

Standard library only: this is the path that must stay cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from flowdsl.build.inputs import Input, Stat

FORMAT = 3
CACHE_DIR = ".flowdsl_cache"
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


@dataclass
class WorkflowRecord:
    name: str
    loc: tuple[str, int, int]
    files: dict[str, str]  # path under generated/ -> sha256 of the text
    warnings: list[dict[str, Any]]  # Diagnostic.to_record()


@dataclass
class ModuleRecord:
    inputs: dict[str, Input]
    untracked: list[str]
    workflows: list[WorkflowRecord]

    def trusted(self) -> bool:
        """Whether compiling the module now would give the same outputs."""
        return not self.untracked and all(i.still_matches(p) for p, i in self.inputs.items())

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": {path: entry.to_json() for path, entry in sorted(self.inputs.items())},
            "untracked": self.untracked,
            "workflows": [
                {"name": w.name, "loc": list(w.loc), "files": w.files, "warnings": w.warnings}
                for w in self.workflows
            ],
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> ModuleRecord:
        return ModuleRecord(
            inputs={p: Input.from_json(e) for p, e in data["inputs"].items()},
            untracked=list(data["untracked"]),
            workflows=[
                WorkflowRecord(
                    w["name"], (w["loc"][0], w["loc"][1], w["loc"][2]), w["files"], w["warnings"]
                )
                for w in data["workflows"]
            ],
        )


@dataclass
class Store:
    """The records of one project, read once, written back when something was learnt."""

    root: Path | None = None
    environment: str = ""
    generated_dir: str = ""
    modules: dict[str, ModuleRecord] = field(default_factory=dict)
    generated: dict[str, Input] = field(default_factory=dict)
    dirty: bool = False

    @staticmethod
    def load(root: Path, environment: str, generated: Path) -> Store:
        """The records valid for this environment and output directory (empty if none)."""
        store = Store(root, environment, str(generated.resolve()))
        try:
            data = orjson.loads((cache_dir(root) / "records.json").read_bytes())
            if data["format"] != FORMAT or data["environment"] != environment:
                return store
            store.modules = {k: ModuleRecord.from_json(v) for k, v in data["modules"].items()}
            if data["generated_dir"] == store.generated_dir:
                store.generated = {k: Input.from_json(v) for k, v in data["generated"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return Store(root, environment, str(generated.resolve()))
        return store

    def save(self) -> None:
        """Write the records atomically; a cache that cannot be written is no error."""
        if self.root is None or not self.dirty:
            return
        data = {
            "format": FORMAT,
            "environment": self.environment,
            "generated_dir": self.generated_dir,
            "modules": {k: v.to_json() for k, v in sorted(self.modules.items())},
            "generated": {k: v.to_json() for k, v in sorted(self.generated.items())},
        }
        directory = cache_dir(self.root)
        temporary = directory / f"records.{os.getpid()}.tmp"
        try:
            _make_cache_dir(directory)
            temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, directory / "records.json")
        except OSError:
            temporary.unlink(missing_ok=True)


def _make_cache_dir(directory: Path) -> None:
    directory.mkdir(exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by flowdsl\n*\n", encoding="utf-8")


def stamp(root: Path) -> int | None:
    """The filesystem's time now, in nanoseconds, as the mtime of a file touched in the cache
    directory (the clock that stamps the files compared against it); None if it cannot be."""
    directory = cache_dir(root)
    path = directory / "stamp"
    try:
        _make_cache_dir(directory)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(str(os.getpid()))
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def trusted_stat(st: os.stat_result, trust_before: int | None) -> Stat | None:
    """Stat data worth keeping: only for a file whose times are older than the stamp."""
    if trust_before is None or st.st_mtime_ns >= trust_before or st.st_ctime_ns >= trust_before:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def environment_key(settings: Any) -> str:
    """What every record depends on besides its own inputs."""
    hasher = hashlib.sha256()
    for part in (
        str(FORMAT),
        sys.version,
        _package_digest(),
        _botocore_stamp(),
        json.dumps(_import_path()),
        json.dumps(settings, sort_keys=True, default=str),
    ):
        hasher.update(part.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()


def _import_path() -> list[str]:
    """sys.path as it decides which project modules an import finds; the directory of the
    running script (a console script's bin/, cProfile's) holds no project modules."""
    script = os.path.dirname(os.path.abspath(sys.argv[0])) if sys.argv and sys.argv[0] else None
    paths = [os.path.abspath(p) for p in sys.path]
    return [p for p in paths if p != script or p == os.getcwd()]


_NOT_COMPILER = ("__pycache__", "aws_api")


def _package_digest() -> str:
    """flowdsl's own files by name, size and modification time: reading their 1 MB would be a
    tenth of a fast check, and an edit or reinstall changes the time."""
    hasher = hashlib.sha256()
    for directory, subdirectories, files in os.walk(_PACKAGE):
        # The editor stubs of aws_api/ (hundreds of .pyi files) play no part in compiling.
        subdirectories[:] = sorted(d for d in subdirectories if d not in _NOT_COMPILER)
        for name in sorted(files):
            st = os.stat(os.path.join(directory, name))
            hasher.update(f"{directory}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return hasher.hexdigest()


def _botocore_stamp() -> str:
    """botocore's version by its files' stat data: its API models shape parameter checks."""
    from importlib.util import find_spec

    try:
        spec = find_spec("botocore")
    except (ImportError, ValueError):
        return "none"
    if spec is None or spec.origin is None:
        return "none"
    package = os.path.dirname(spec.origin)
    parts = []
    for name in ("__init__.py", "data"):
        try:
            st = os.stat(os.path.join(package, name))
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
    return ",".join(parts)
