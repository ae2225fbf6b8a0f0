"""flowdsl writes and deletes only what it owns, and a failed write harms nothing.

Each case here harmed a user's files, or ended in "internal error", before the build package
(issue 11): symlinks out of generated/, hand-written files taken for orphans, leftover
temporary files, a read-only or full output directory, non-finite numbers.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from flowdsl.build import tree
from flowdsl.cli.main import main
from tests.build.project import check_agrees, run, write_flow


def tree_bytes(path: Path) -> dict[str, bytes]:
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    write_flow(tmp_path, "alpha")
    write_flow(tmp_path, "beta")
    result = run(tmp_path, "compile")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_a_symlinked_workflow_directory_is_refused(compiled: Path) -> None:
    mine = compiled / "mine"
    mine.mkdir()
    (mine / "README.md").write_text("my notes\n")
    (mine / "template.json").write_text("{}\n")
    alpha = compiled / "generated" / "Alpha"
    for path in alpha.iterdir():
        path.unlink()
    alpha.rmdir()
    alpha.symlink_to(mine, target_is_directory=True)
    for args in (("compile",), ("compile", "--check")):
        result = run(compiled, *args)
        assert result.returncode == 2, result.stderr
        assert "generated/Alpha is a symbolic link" in result.stderr
        assert "Traceback" not in result.stderr
    assert tree_bytes(mine) == {"README.md": b"my notes\n", "template.json": b"{}\n"}


@pytest.mark.parametrize("kind", ["symlink", "file"])
def test_generated_must_be_a_real_directory(compiled: Path, kind: str) -> None:
    generated = compiled / "generated"
    generated.rename(compiled / "elsewhere")
    if kind == "symlink":
        generated.symlink_to(compiled / "elsewhere", target_is_directory=True)
        expected = "is a symbolic link"
    else:
        generated.write_text("not a directory\n")
        expected = "is not a directory"
    before = tree_bytes(compiled / "elsewhere")
    for args in (("compile",), ("compile", "--check")):
        result = run(compiled, *args)
        assert result.returncode == 2, result.stderr
        assert f"generated {expected}" in result.stderr or f"generated/ {expected}" in result.stderr
    assert tree_bytes(compiled / "elsewhere") == before


def test_hand_written_files_are_never_orphans(compiled: Path) -> None:
    generated = compiled / "generated"
    handmade = generated / "Handmade" / "README.md"
    handmade.parent.mkdir()
    handmade.write_text("written by hand\n")
    own_note = generated / "Beta" / "NOTES.md"
    own_note.write_text("mine\n")
    assert check_agrees(compiled) == 0
    (compiled / "flows" / "beta.py").unlink()  # Beta's generated files are orphans now
    check = run(compiled, "compile", "--check")
    assert check.returncode == 1
    assert "orphaned: generated/Beta/definition.asl.json" in check.stderr
    assert "Handmade" not in check.stderr and "NOTES" not in check.stderr
    assert run(compiled, "compile").returncode == 0
    assert handmade.read_text() == "written by hand\n"
    assert sorted(p.name for p in (generated / "Beta").iterdir()) == ["NOTES.md"]
    assert check_agrees(compiled) == 0


def test_another_output_directory_keeps_its_own_files(compiled: Path) -> None:
    guide = compiled / "docs" / "guide" / "README.md"
    guide.parent.mkdir(parents=True)
    guide.write_text("the guide\n")
    assert run(compiled, "compile", "--generated", "docs").returncode == 0
    assert guide.read_text() == "the guide\n"
    assert (compiled / "docs" / "Alpha" / "definition.asl.json").is_file()


def test_a_tampered_manifest_cannot_delete_outside_generated(compiled: Path) -> None:
    manifest = compiled / "generated" / ".flowdsl-manifest.json"
    data = json.loads(manifest.read_text())
    data["files"] += ["../flows/alpha.py", "/etc/hostname", "Alpha/../../flows/beta.py"]
    manifest.write_text(json.dumps(data))
    assert run(compiled, "compile").returncode == 0
    assert (compiled / "flows" / "alpha.py").is_file() and (
        compiled / "flows" / "beta.py"
    ).is_file()
    assert check_agrees(compiled) == 0


def test_leftover_temporary_files_are_reported_then_removed(compiled: Path) -> None:
    leftover = compiled / "generated" / "Alpha" / ".definition.asl.json.k3j4h5g6.tmp"
    leftover.write_text('{"half": ')
    check = run(compiled, "compile", "--check")
    assert check.returncode == 1
    assert "leftover: generated/Alpha/.definition.asl.json.k3j4h5g6.tmp" in check.stderr
    assert check_agrees(compiled) == 1
    fix = run(compiled, "compile")
    assert fix.returncode == 0 and not leftover.exists()
    assert check_agrees(compiled) == 0


@pytest.mark.parametrize(
    ("body", "column"),
    [("x = 1e400", 9), ("x = LIMIT", 9), ("x = [1, NOT_A_NUMBER]", 13), ("x = -1e400", 10)],
)
def test_a_non_finite_number_is_an_error_at_its_line(
    tmp_path: Path, body: str, column: int
) -> None:
    flow = tmp_path / "flows" / "numbers.py"
    flow.parent.mkdir()
    flow.write_text(
        "from flowdsl import workflow\n"
        "LIMIT = float('inf')\n"
        "NOT_A_NUMBER = float('nan')\n\n\n"
        "@workflow\n"
        "def numbers(order):\n"
        f"    {body}\n"
        "    return x\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "compile")
    assert result.returncode == 2, result.stderr
    assert f"flows/numbers.py:8:{column}: error[FD139]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "generated").exists()


# -- failed writes: a real small or read-only filesystem where the machine allows it -------


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 96 KiB tmpfs mounted at generated/ (skipped where mounting is not allowed)."""
    mount = tmp_path / "generated"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small filesystem here; the simulated cases below cover it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_every_workflow_all_old(tmp_path: Path, small_fs: Path) -> None:
    write_flow(tmp_path, "alpha")
    assert run(tmp_path, "compile").returncode == 0
    before = tree_bytes(small_fs)
    write_flow(tmp_path, "alpha", queue="edited")
    for name in ("beta", "gamma", "delta", "epsilon"):
        write_flow(tmp_path, name)
    result = run(tmp_path, "compile")
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert "nothing in generated was changed" in result.stderr
    assert tree_bytes(small_fs) == before
    assert not [p for p in small_fs.rglob("*.tmp")]
    assert check_agrees(tmp_path) == 1


def test_a_read_only_output_is_an_error_with_a_message(tmp_path: Path, small_fs: Path) -> None:
    write_flow(tmp_path, "alpha")
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    result = run(tmp_path, "compile")
    assert result.returncode == 2, result.stderr
    assert "Read-only file system" in result.stderr and "Traceback" not in result.stderr


# -- the same failures simulated, in process (every machine) ------------------------------


def _compile_in_process(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.chdir(root)
    try:
        main(["compile", "--jobs", "1", *args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.mark.parametrize("threads", ["1", "2"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_changes_nothing(
    compiled: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    threads: str,
) -> None:
    # With --jobs 2 and a plan of any size, files are staged on two threads (see tree._stage).
    monkeypatch.setattr(tree, "_THREADED_FROM", 1)
    before = tree_bytes(compiled / "generated")
    write_flow(compiled, "alpha", queue="edited")
    write_flow(compiled, "gamma")
    real_write = os.write
    calls = {"n": 0}

    def failing_write(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > 3:  # some files are written, then the device fails
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing_write)
    assert _compile_in_process(compiled, monkeypatch, "--jobs", threads) == 2
    monkeypatch.setattr(os, "write", real_write)
    err = capsys.readouterr().err
    assert os.strerror(code) in err and "internal error" not in err
    assert tree_bytes(compiled / "generated") == before
    assert _compile_in_process(compiled, monkeypatch, "--check") == 1
