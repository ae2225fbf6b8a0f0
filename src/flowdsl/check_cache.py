"""What the last clean compile was made from, so `compile --check` of an unchanged tree is fast.

After a compile, or a check that found generated/ up to date, flowdsl records in
`.flowdsl_cache/check.json` (beside pyproject.toml; the directory ignores itself for git) a
fingerprint of everything the output came from: flowdsl's own files, pyproject.toml, the
command's paths, the list of flow files, and every file the flow modules read while they were
imported (their source, the project modules they import, data files they open), together with
the hash of every file generated/ then held. A later `--check` recomputes the fingerprint from
those files; when nothing differs and generated/ holds the same bytes, the tree is up to date
without importing the compiler. Any difference or doubt falls back to the full check, which
says what is stale. Environment variables are not in the fingerprint (flows should not read
them); `--no-cache` skips the record.

Standard library only: this is the path that must stay cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMAT = 1
CACHE_DIR = ".flowdsl_cache"
_PACKAGE = Path(__file__).resolve().parent


def cache_file(root: Path) -> Path:
    return root / CACHE_DIR / "check.json"


# -- watching what a compile reads --------------------------------------------------------

_reads: set[str] | None = None
_hooked = False


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if _reads is not None and event == "open" and args and isinstance(args[0], str | Path):
        _reads.add(os.fspath(args[0]))


@contextmanager
def watch_inputs() -> Iterator[set[str]]:
    """Collect the project files read (opened or imported) inside the block."""
    global _reads, _hooked
    if not _hooked:
        sys.addaudithook(_on_audit)  # cannot be removed: it does nothing outside this block
        _hooked = True
    before = set(sys.modules)
    found: set[str] = set()
    _reads = found
    try:
        yield found
    finally:
        _reads = None
        for name in set(sys.modules) - before:
            path = getattr(sys.modules.get(name), "__file__", None)
            if path:
                found.add(path)
        installed = _installed()
        project = {_project_file(p, installed) for p in found}
        found.clear()
        found.update(p for p in project if p is not None)


def _installed() -> tuple[Path, ...]:
    """Where the interpreter's library and installed packages live, and flowdsl itself: files
    there are no project inputs (their versions are flowdsl's dependencies, and flowdsl's own
    files are fingerprinted whole)."""
    import sysconfig

    paths = sysconfig.get_paths()
    roots = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    roots.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages")))
    return (*(Path(root).resolve() for root in roots), _PACKAGE)


def _project_file(path: str, installed: tuple[Path, ...]) -> str | None:
    resolved = Path(path).resolve()
    if "__pycache__" in resolved.parts or any(resolved.is_relative_to(r) for r in installed):
        return None
    return str(resolved) if resolved.is_file() else None


# -- fingerprints -------------------------------------------------------------------------


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _package_digest() -> str:
    """flowdsl's own files by name, size and modification time: reading their 1 MB would be a
    tenth of a fast check, and an edit or reinstall changes the time (at worst, a full check)."""
    hasher = hashlib.sha256()
    for directory, subdirectories, files in os.walk(_PACKAGE):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(directory, name))
            hasher.update(f"{directory}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return hasher.hexdigest()


def fingerprint(
    root: Path, targets: list[Path], generated: Path, inputs: list[str], flows: list[Path]
) -> str:
    hasher = hashlib.sha256()
    parts = [
        str(FORMAT),
        f"{sys.version_info[0]}.{sys.version_info[1]}",
        _package_digest(),
        _digest(root / "pyproject.toml"),
        str(generated.resolve()),
        *(str(t.resolve()) for t in targets),
        "--flows--",
        *(f"{f.resolve()}\0{_digest(f)}" for f in flows),
        "--inputs--",
        *(f"{p}\0{_digest(Path(p))}" for p in inputs),
    ]
    for part in parts:
        hasher.update(part.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()


def _listing(generated: Path) -> dict[str, str]:
    """Every file directly in a workflow directory of generated/, with its hash."""
    if not generated.is_dir():
        return {}
    return {
        path.relative_to(generated).as_posix(): _digest(path)
        for path in sorted(generated.glob("*/*"))
        if path.is_file()
    }


# -- the record ---------------------------------------------------------------------------


def record(
    root: Path,
    key_parts: tuple[list[Path], Path, list[Path]],
    inputs: set[str],
    warnings: list[str],
    count: int,
) -> None:
    """Write the record of a clean tree; a cache that cannot be written is no error."""
    targets, generated, flows = key_parts
    ordered = sorted(inputs)
    data = {
        "format": FORMAT,
        "key": fingerprint(root, targets, generated, ordered, flows),
        "inputs": ordered,
        "generated": _listing(generated),
        "warnings": warnings,
        "count": count,
    }
    target = cache_file(root)
    try:
        target.parent.mkdir(exist_ok=True)
        ignore = target.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by flowdsl\n*\n", encoding="utf-8")
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def up_to_date(root: Path, key_parts: tuple[list[Path], Path, list[Path]]) -> dict[str, Any] | None:
    """The record, when it proves generated/ up to date; None when the full check must run."""
    targets, generated, flows = key_parts
    try:
        data = json.loads(cache_file(root).read_text(encoding="utf-8"))
        inputs = data["inputs"]
        if data["format"] != FORMAT or not isinstance(inputs, list):
            return None
        if data["key"] != fingerprint(root, targets, generated, inputs, flows):
            return None
        if data["generated"] != _listing(generated):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data
