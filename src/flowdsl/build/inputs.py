"""What a flow module reads while it loads: each file as the bytes read, and reads that cannot
be hashed.

A record is only as true as its list of inputs, so inputs are taken at the moment of reading:
the flow's own source and the project modules it imports are read here (see `loading`), and a
file the module opens is hashed when it is opened, never after the compile. A read whose content
flowdsl cannot see (a directory listing, a glob, a database, a subprocess, the network) is
"untracked": the module's record is then never trusted, so it is compiled every time, unless
the project declares what it reads (see `declared`).

Python's audit hooks (PEP 578) report these reads; a hook cannot be removed, so it does nothing
outside `Recorder.watching()`. Files under the interpreter's library, installed packages and
flowdsl itself are no project inputs: their versions are part of the environment key
(`records.environment_key`).

Standard library only: the fast check uses `Input.still_matches`.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
import sys
import sysconfig
from collections.abc import ItemsView, Iterator, KeysView, MutableMapping, ValuesView
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flowdsl.build.declared import (
    LISTING,
    MISSING,
    PATTERN,
    Declared,
    fingerprint,
    fixed_prefix,
    listing,
)

ENVIRONMENT = "$env:"  # inputs named so are environment variables, not files
# A file read twice with different bytes in one compile: never equal to a file's hash.
CHANGED = "changed-while-compiling"

# Audit events of reads flowdsl cannot hash (https://docs.python.org/3/library/audit_events.html).
_LISTINGS = frozenset({"os.listdir", "os.scandir", "glob.glob", "glob.glob/2"})
_DATABASE = "sqlite3.connect"  # its path may be declared; "sqlite3.connect/handle" follows it
_OPAQUE = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "socket.connect",
        "socket.getaddrinfo",
        "urllib.Request",
        "ctypes.dlopen",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def stat_key(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True)
class Input:
    """One file as it was read: its hash, and its stat data when that may be trusted later."""

    sha: str
    stat: Stat | None = None

    def still_matches(self, path: str) -> bool:
        """Whether the file still holds the bytes recorded (stat first, like git's index), or
        the environment variable (`$env:NAME`) its value."""
        if path.startswith(ENVIRONMENT):
            return self.sha == _value_hash(os.environ.get(path.removeprefix(ENVIRONMENT)))
        if path.startswith(PATTERN):
            return self.sha == fingerprint(path.removeprefix(PATTERN))
        if path.startswith(LISTING):
            return self.sha == listing(path.removeprefix(LISTING))
        try:
            st = os.stat(path)
        except OSError:
            return self.sha == MISSING
        if self.stat is not None and stat_key(st) == self.stat:
            return True
        return self.sha == hash_file(path)

    def to_json(self) -> list[Any]:
        return [self.sha, list(self.stat) if self.stat else None]

    @staticmethod
    def from_json(data: Any) -> Input:
        sha, st = data
        return Input(str(sha), tuple(st) if st else None)


def _value_hash(value: str | None) -> str:
    return MISSING if value is None else hashlib.sha256(value.encode()).hexdigest()


def hash_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return MISSING


def read_with_stat(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a file and its stat data taken on the same open file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        before = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), before
    finally:
        os.close(fd)


@cache
def installed_roots() -> tuple[str, ...]:
    """Where the interpreter's library, installed packages and flowdsl live (with a trailing
    separator, both as spelled on sys.path and resolved)."""
    paths = sysconfig.get_paths()
    roots = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    roots.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages")))
    roots.add(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # flowdsl
    both = {os.path.realpath(r) for r in roots} | {os.path.abspath(r) for r in roots}
    return tuple(sorted(os.path.join(r, "") for r in both))


def is_installed(path: str) -> bool:
    return path.startswith(installed_roots()) or os.path.realpath(path).startswith(
        installed_roots()
    )


@dataclass
class Recorder:
    """The inputs of one flow module's load, recorded as they are read."""

    # Files whose mtime is not strictly older than this (the filesystem time the build began,
    # see `records.Stamp`) may still change within the same timestamp: their stat data is not
    # kept, so they are always re-hashed (git's racy-git rule).
    trust_before_ns: int | None = None
    declared: Declared = field(default_factory=Declared)
    files: dict[str, Input] = field(default_factory=dict)
    untracked: list[str] = field(default_factory=list)

    def read(self, path: str) -> bytes:
        """Read a project file for flowdsl itself (a module's source) and record it."""
        global _busy
        _busy = True
        try:
            data, st = read_with_stat(path)
        finally:
            _busy = False
        self._add(os.path.abspath(path), data, st)
        return data

    def _add(self, path: str, data: bytes, st: os.stat_result | None) -> None:
        sha = hashlib.sha256(data).hexdigest() if st is not None else MISSING
        trusted = (
            st is not None
            and self.trust_before_ns is not None
            and st.st_mtime_ns < self.trust_before_ns
            and st.st_ctime_ns < self.trust_before_ns
        )
        entry = Input(sha, stat_key(st) if trusted and st is not None else None)
        known = self.files.get(path)
        if known is not None and known.sha != entry.sha:
            entry = Input(CHANGED)
        elif known is not None:
            return
        self.files[path] = entry

    def _on_open(self, path: str, mode: Any, flags: Any) -> None:
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if path == os.devnull or is_installed(path):
            return
        if writing:
            self._untracked(f"opens {_shown(path)} for writing")
            return
        try:
            st = os.stat(path)
        except OSError:
            self._add(os.path.abspath(path), b"", None)
            return
        if not stat_module.S_ISREG(st.st_mode):
            self._untracked(f"opens {_shown(path)}, which is not a regular file")
            return
        try:
            data, st = read_with_stat(path)
        except OSError:
            return
        self._add(os.path.abspath(path), data, st)

    def _untracked(self, what: str) -> None:
        where = _project_frame()
        reason = f"{where}: {what}" if where else what
        if reason not in self.untracked:
            self.untracked.append(reason)

    def on_event(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path = args[0] if args else None
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if isinstance(path, str):
                mode = args[1] if len(args) > 1 else None
                flags = args[2] if len(args) > 2 else None
                self._on_open(path, mode, flags)
        elif event in _LISTINGS:
            if _in_import_system():
                return  # the import system lists sys.path entries; imports are recorded apart
            target = args[0] if args and args[0] is not None else "."
            path = _absolute(target)
            if path is not None and is_installed(path):
                return
            if event.startswith("glob."):  # the directories it lists raise events of their own
                root_dir = args[2] if event == "glob.glob/2" and len(args) > 2 else None
                path = _absolute(os.path.join(root_dir, target) if root_dir else target)
                covered = path is not None and self._declared_read(fixed_prefix(path))
            else:
                covered = path is not None and self._declared_read(path, listed=True)
            if not covered:
                self._untracked(f"lists {_shown(target)} ({event})")
        elif event == _DATABASE:
            path = _absolute(args[0]) if args else None
            if path is None or not self._declared_read(path):
                self._untracked(f"{event} (its result cannot be hashed)")
        elif event in _OPAQUE:
            self._untracked(f"{event} (its result cannot be hashed)")

    def _declared_read(self, path: str, *, listed: bool = False) -> bool:
        """Record a read under declared patterns: their fingerprints, and the names a listing
        of a directory saw. False when no pattern covers the path."""
        patterns = self.declared.covering(path)
        if not patterns:
            return False
        if listed:
            self._note(LISTING + path, listing(path))
        for pattern in patterns:
            self._note(PATTERN + pattern, fingerprint(pattern))
        return True

    def _note(self, key: str, sha: str) -> None:
        known = self.files.get(key)
        self.files[key] = Input(sha) if known in (None, Input(sha)) else Input(CHANGED)

    @contextmanager
    def watching(self) -> Iterator[Recorder]:
        global _active, _hooked
        if not _hooked:
            sys.addaudithook(_on_audit)
            _hooked = True
        previous, _active = _active, self
        environ, os.environ = os.environ, _RecordingEnviron(os.environ, self)  # type: ignore[assignment]
        try:
            yield self
        finally:
            _active = previous
            os.environ = environ  # noqa: B003 (the same object back, not a new environment)


class _RecordingEnviron(MutableMapping[str, str]):
    """os.environ while a module loads: each variable read is an input (its value hashed); a
    read of the whole environment cannot be recorded, so it is untracked."""

    def __init__(self, environ: MutableMapping[str, str], recorder: Recorder) -> None:
        self._environ = environ
        self._recorder = recorder

    def _read(self, name: str) -> None:
        if name not in self._recorder.declared.env and not _called_from_project():
            return  # a library's own settings (HOME, AWS_*): part of the environment it is
        self._recorder._note(ENVIRONMENT + name, _value_hash(self._environ.get(name)))

    def _whole(self) -> None:
        """A read of every variable: the declared ones are what it depends on, if any are."""
        if not self._recorder.declared.env:
            self._recorder._untracked("reads the whole environment")
        for name in sorted(self._recorder.declared.env):
            self._recorder._note(ENVIRONMENT + name, _value_hash(self._environ.get(name)))

    def __getitem__(self, name: str) -> str:
        self._read(name)
        return self._environ[name]

    def get(self, name: str, default: Any = None) -> Any:
        self._read(name)
        return self._environ.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self._read(name)
        return name in self._environ

    def __setitem__(self, name: str, value: str) -> None:
        self._environ[name] = value

    def __delitem__(self, name: str) -> None:
        del self._environ[name]

    def __iter__(self) -> Iterator[str]:
        self._whole()
        return iter(self._environ)

    def __len__(self) -> int:
        return len(self._environ)

    # The views of the real environment: reading through them is one read of the whole, not
    # a read of each variable by name.
    def keys(self) -> KeysView[str]:
        self._whole()
        return self._environ.keys()

    def items(self) -> ItemsView[str, str]:
        self._whole()
        return self._environ.items()

    def values(self) -> ValuesView[str]:
        self._whole()
        return self._environ.values()

    def copy(self) -> dict[str, str]:
        self._whole()
        return dict(self._environ)


_active: Recorder | None = None
_hooked = False
_busy = False


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    global _busy
    if _active is None or _busy:
        return
    _busy = True  # what the handler itself opens is not the module's reading
    try:
        _active.on_event(event, args)
    finally:
        _busy = False


def _absolute(target: Any) -> str | None:
    """The absolute path a listing or a database names (None for a file descriptor)."""
    if isinstance(target, bytes | str | os.PathLike):
        return os.path.abspath(os.fsdecode(target))
    return None


def _shown(target: Any) -> str:
    text = os.fsdecode(target) if isinstance(target, bytes | str | os.PathLike) else str(target)
    try:
        return os.path.relpath(text)
    except ValueError:
        return text


def _in_import_system() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@cache
def _standard_library() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[k] for k in ("stdlib", "platstdlib") if k in paths}
    return tuple(os.path.join(os.path.realpath(r), "") for r in roots) + tuple(
        os.path.join(os.path.abspath(r), "") for r in roots
    )


def _called_from_project() -> bool:
    """Whether the innermost caller outside the standard library is project code (called from
    a `_RecordingEnviron` method: frames 0-2 are this, `_read` and that method)."""
    frame = sys._getframe(3)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<") and not filename.startswith(_standard_library()):
            return not is_installed(filename)
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _project_frame() -> str | None:
    """`path:line` of the innermost project code on the stack (who did the read)."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<") and not is_installed(filename):
            return f"{_shown(filename)}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return None
