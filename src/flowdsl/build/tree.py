"""generated/ as flowdsl owns it: the manifest of the files it wrote, what is on disk, and
writes that leave each workflow's files all old or all new.

- Only files listed in `generated/.flowdsl-manifest.json` (written and checked in with the
  rest) are ever removed as orphans; a hand-written file anywhere is left alone, and a listed
  path that leaves generated/ (absolute, `..`, deeper than `Workflow/file`) is ignored.
- Nothing is read or written through a symbolic link: generated/ or a workflow directory that
  is a link, or a generated/ that is a file, is an error (exit 2) before anything is touched.
- A compile first writes every new file beside its target as `.<name>.<random>.tmp`; only when
  all are written are they renamed into place. A write that fails (a full disk, a read-only
  directory) removes the temporary files and leaves generated/ as it was. Temporary files a
  killed compile left behind are reported by `--check` and removed by the next compile.

Standard library only: the fast check uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat as stat_module
from dataclasses import dataclass
from pathlib import Path

from flowdsl.build.artifacts import is_artifact_name
from flowdsl.build.inputs import Input, read_with_stat, stat_key
from flowdsl.build.records import trusted_stat
from flowdsl.errors import UsageError

MANIFEST = ".flowdsl-manifest.json"
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
_LINK = "symbolic-link"  # the "hash" of a link where a file should be: equal to no content


class OutputError(UsageError):
    """generated/ cannot be read or written safely; nothing was changed."""


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def guard(generated: Path, shown: str) -> None:
    """generated/ must be a real directory (or not exist yet)."""
    try:
        st = os.lstat(generated)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot use {shown}: {exc.strerror}") from None
    if stat_module.S_ISLNK(st.st_mode):
        raise OutputError(
            f"{shown} is a symbolic link; flowdsl writes only into a real directory it owns: "
            "remove the link, or set [tool.flowdsl] generated to the directory it points to"
        )
    if not stat_module.S_ISDIR(st.st_mode):
        raise OutputError(f"{shown} is not a directory; move it away or choose --generated")


def guard_workflow_dir(generated: Path, name: str, shown: str) -> os.stat_result | None:
    """A workflow's directory must be a real directory (or not exist yet); its stat data."""
    try:
        st = os.lstat(generated / name)
    except FileNotFoundError:
        return None
    if stat_module.S_ISLNK(st.st_mode):
        raise OutputError(
            f"{shown}/{name} is a symbolic link; flowdsl does not write through links: "
            f"remove {shown}/{name} (flowdsl recreates it)"
        )
    if not stat_module.S_ISDIR(st.st_mode):
        raise OutputError(f"{shown}/{name} is not a directory; move it away")
    return st


def safe_relative(rel: object) -> bool:
    """Whether a manifest entry names a file flowdsl could have written: `Workflow/file`."""
    if not isinstance(rel, str) or "\\" in rel or "\0" in rel:
        return False
    parts = rel.split("/")
    return (
        len(parts) == 2
        and all(p not in ("", ".", "..") for p in parts)
        and is_artifact_name(parts[1])
    )


def read_manifest(generated: Path) -> list[str] | None:
    """The files the last compile wrote, or None when there is no (readable) manifest."""
    try:
        data = json.loads((generated / MANIFEST).read_bytes())
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list):
        return None
    return sorted({rel for rel in files if safe_relative(rel)})


def manifest_text(files: list[str]) -> str:
    document = {
        "comment": "Files flowdsl generated here; only these are ever removed. Do not edit.",
        "files": sorted(files),
    }
    return json.dumps(document, indent=2) + "\n"


def on_disk(generated: Path, rel: str, known: Input | None, trust_before: int | None) -> Input:
    """A generated file as it is now (its hash, or "missing"), from its stat data when that is
    unchanged since it was last hashed."""
    path = os.path.join(generated, rel)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Input("missing")
    except OSError:
        return Input("unreadable")
    if stat_module.S_ISLNK(st.st_mode):
        return Input(_LINK)
    if known is not None and known.stat == stat_key(st):
        return known
    try:
        data, st = read_with_stat(path)
    except OSError:
        return Input("unreadable")
    return Input(hashlib.sha256(data).hexdigest(), trusted_stat(st, trust_before))


def read_text(generated: Path, rel: str) -> str | None:
    path = generated / rel
    if path.is_symlink():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def leftovers(generated: Path, directories: list[str]) -> list[str]:
    """Temporary files a killed compile left in the given directories of generated/ ("" is
    generated/ itself)."""
    found: list[str] = []
    for directory in directories:
        try:
            names = os.listdir(generated / directory)
        except OSError:
            continue
        for name in names:
            match = _TEMPORARY.match(name)
            if match and (is_artifact_name(match["name"]) or match["name"] == MANIFEST):
                found.append(f"{directory}/{name}" if directory else name)
    return sorted(found)


@dataclass
class Changes:
    """What a compile writes: new texts by path, orphans and leftovers to remove, manifests."""

    writes: dict[str, str]
    removals: list[str]
    leftovers: list[str]
    manifest: str | None  # the final manifest text, when it changes
    interim_manifest: str | None  # listed first when new files appear (see `apply`)


def apply(generated: Path, shown: str, changes: Changes, threads: int = 1) -> None:
    """Make the changes: all files staged first (on up to `threads` threads), then renamed
    into place.

    When new files appear, a manifest listing old and new files replaces the old one before
    any is renamed in: a compile killed halfway leaves nothing flowdsl wrote unlisted.
    """
    plan = list(changes.writes.items())
    if changes.interim_manifest is not None:
        plan.insert(0, (f"{MANIFEST}.interim", changes.interim_manifest))
    if changes.manifest is not None:
        plan.append((MANIFEST, changes.manifest))
    staged = _stage(generated, shown, plan, threads)
    final = staged.pop() if changes.manifest is not None else None
    try:
        for temporary, final_path in staged:
            os.replace(temporary, final_path)
        for rel in changes.removals:
            _remove(generated, rel)
        for rel in changes.leftovers:
            (generated / rel).unlink(missing_ok=True)
        if final is not None:  # last: until here it lists every file that may still exist
            os.replace(*final)
    except OSError as exc:
        raise OutputError(
            f"cannot finish writing {shown}: {exc.strerror or exc}; run `flowdsl compile` again"
        ) from None


# Creating a file is mostly the kernel's work (allocating its inode: 0.05 to 1 ms of system
# time each on the busy ext4 the benchmarks ran on; no fsync is made), so a large plan is
# staged one workflow directory per task, on as many threads as the compile has --jobs.
_THREADED_FROM = 64


def _stage(
    generated: Path, shown: str, plan: list[tuple[str, str]], threads: int
) -> list[tuple[str, str]]:
    """Write every text of the plan to a temporary file beside its target; the (temporary,
    target) pairs in plan order. On failure nothing staged or created is left behind."""
    by_directory: dict[str, list[tuple[str, str]]] = {}
    for rel, text in plan:
        by_directory.setdefault(rel.rpartition("/")[0], []).append((rel, text))
    created_dirs: list[Path] = []
    staged: dict[str, tuple[str, str]] = {}  # rel -> (temporary, target)
    mode = _file_mode()

    import tempfile  # not on the check's path

    def stage_directory(directory: str) -> None:
        texts = by_directory[directory]
        if directory:
            _make_dir(generated / directory, created_dirs)
        for rel, text in texts:
            target = generated / rel.removesuffix(".interim")
            fd, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            staged[rel] = (temporary, str(target))
            try:
                os.fchmod(fd, mode)
                data = text.encode("utf-8")
                while data:
                    data = data[os.write(fd, data) :]
            finally:
                os.close(fd)

    failures: list[BaseException] = []
    try:
        _make_dir(generated, created_dirs)
        if threads <= 1 or len(plan) < _THREADED_FROM:
            for directory in by_directory:
                stage_directory(directory)
        else:
            from concurrent.futures import ThreadPoolExecutor  # not on the check's path

            with ThreadPoolExecutor(threads) as pool:
                futures = [pool.submit(stage_directory, d) for d in by_directory]
            # Every thread has finished here: the first failure in plan order is the one told.
            failures = [exc for f in futures if (exc := f.exception()) is not None]
    except BaseException as exc:  # cleaned up below, then raised again
        failures = [exc]
    if failures:
        for temporary, _ in staged.values():
            Path(temporary).unlink(missing_ok=True)
        for made in sorted(created_dirs, key=lambda d: len(d.parts), reverse=True):
            _remove_if_empty(made)
        failure = failures[0]
        if not isinstance(failure, OSError):
            raise failure
        raise OutputError(
            f"cannot write {shown}: {failure.strerror or failure}"
            f"{f' ({failure.filename})' if failure.filename else ''}; nothing in {shown} was changed"
        ) from None
    return [staged[rel] for rel, _ in plan]


def _make_dir(directory: Path, created: list[Path]) -> None:
    if not directory.is_dir():
        directory.mkdir(parents=True)
        created.append(directory)


def _remove(generated: Path, rel: str) -> None:
    """Remove an orphan that the manifest lists (a regular file, never through a link)."""
    path = generated / rel
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat_module.S_ISREG(st.st_mode):
        return
    path.unlink()
    _remove_if_empty(path.parent)


def _remove_if_empty(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (a user's file, say), or gone
        directory.rmdir()


def _file_mode() -> int:
    # mkstemp creates files only the owner can read; generated files are ordinary files.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
