"""`compile --check` exits 0 only when a full compile would write the same bytes.

Each case here made today's check lie before the build package (issue 11): an edit saved while
a compile runs, a flow module that exits at import, Python's bytecode cache, and reads flowdsl
cannot see into.
"""

from __future__ import annotations

import os
import py_compile
import sys
from pathlib import Path

import pytest

from tests.build.project import FLOW, check_agrees, run, set_db, write_flow


def test_an_edit_saved_during_a_compile_is_not_recorded_as_compiled(tmp_path: Path) -> None:
    first = write_flow(tmp_path, "alpha")
    # A second module saves an edit to the first while the compile runs (after it was read).
    (tmp_path / "flows" / "zeta.py").write_text(
        "from pathlib import Path\n"
        "_flow = Path(__file__).with_name('alpha.py')\n"
        "_flow.write_text(_flow.read_text().replace('\"jobs\"', '\"edited\"'))\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "compile", "--jobs", "1").returncode == 0
    assert '"edited"' in first.read_text()
    # generated/ holds the queue read before the edit: stale, and both checks must say so.
    assert check_agrees(tmp_path) == 1


@pytest.mark.parametrize(
    ("tail", "shown"),
    [
        ("import sys\nsys.exit(0)\n", "SystemExit"),
        ("import sys\n\ndef main():\n    return 0\n\nsys.exit(main())\n", "SystemExit"),
        ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
        ("raise GeneratorExit\n", "GeneratorExit"),
        ("class Stop(BaseException):\n    pass\n\nraise Stop('halt')\n", "Stop: halt"),
    ],
)
def test_a_module_that_exits_at_import_is_an_error_at_its_line(
    tmp_path: Path, tail: str, shown: str
) -> None:
    write_flow(tmp_path, "alpha")
    script = tmp_path / "flows" / "script.py"
    script.write_text(tail, encoding="utf-8")
    line = len(tail.splitlines())
    for args in (("compile",), ("compile", "--check")):
        result = run(tmp_path, *args)
        assert result.returncode == 2, result.stderr
        assert f"flows/script.py:{line}:" in result.stderr
        assert shown in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "generated").exists()


def _same_size_same_time_edit(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    stat = path.stat()
    path.write_text(path.read_text().replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_edit_keeping_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    flow = write_flow(tmp_path, "alpha")
    bytecode_env = {"PYTHONDONTWRITEBYTECODE": ""}  # let Python write .pyc files if it would
    assert run(tmp_path, "compile", **bytecode_env).returncode == 0
    _same_size_same_time_edit(flow, '"jobs"', '"jobz"')
    assert check_agrees(tmp_path, **bytecode_env) == 1
    assert run(tmp_path, "compile", **bytecode_env).returncode == 0
    assert '/jobz"' in (tmp_path / "generated" / "Alpha" / "substitutions.json").read_text()
    # flowdsl wrote no bytecode into the user's tree.
    assert not list(tmp_path.rglob("__pycache__"))


def test_a_planted_pyc_does_not_replace_the_reviewed_source(tmp_path: Path) -> None:
    flow = write_flow(tmp_path, "alpha")
    # Bytecode of another source, marked "do not check the source" and planted where Python's
    # import system looks for it.
    other = tmp_path / "other.py"
    other.write_text(FLOW.format(name="alpha", queue="attacker"), encoding="utf-8")
    cache = flow.parent / "__pycache__" / f"alpha.{sys.implementation.cache_tag}.pyc"
    py_compile.compile(
        str(other),
        cfile=str(cache),
        dfile=str(flow),
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    other.unlink()
    helper = tmp_path / "flows" / "helpers.py"  # a sibling module gets the same treatment
    helper.write_text("QUEUE = 'reviewed'\n", encoding="utf-8")
    planted = tmp_path / "x.py"
    planted.write_text("QUEUE = 'attacker'\n", encoding="utf-8")
    py_compile.compile(
        str(planted),
        cfile=str(helper.parent / "__pycache__" / f"helpers.{sys.implementation.cache_tag}.pyc"),
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    planted.unlink()
    (tmp_path / "flows" / "beta.py").write_text(
        "from helpers import QUEUE\n" + FLOW.format(name="beta", queue="").replace('""', "QUEUE"),
        encoding="utf-8",
    )
    assert run(tmp_path, "compile").returncode == 0
    generated = tmp_path / "generated"
    assert '/jobs"' in (generated / "Alpha" / "substitutions.json").read_text()
    assert '/reviewed"' in (generated / "Beta" / "substitutions.json").read_text()
    assert "attacker" not in "".join(p.read_text() for p in generated.rglob("*.json"))


# Each flow reads a value through a channel flowdsl cannot hash; `change` alters what it reads.
UNTRACKED = {
    "listdir": ("import os\nN = len(os.listdir(DATA))\n", lambda d: (d / "b").touch()),
    "scandir": ("import os\nN = len(list(os.scandir(DATA)))\n", lambda d: (d / "b").touch()),
    "glob": ("import glob\nN = len(glob.glob(str(DATA / '*')))\n", lambda d: (d / "b").touch()),
    "pathlib": ("N = len(list(DATA.iterdir()))\n", lambda d: (d / "b").touch()),
    "sqlite3": (
        "import sqlite3\n"
        "N = sqlite3.connect(DATA / 'db').execute('select n from t').fetchone()[0]\n",
        lambda d: set_db(d / "db", 2),
    ),
    "subprocess": (
        "import subprocess\n"
        "N = len(subprocess.run(['cat', str(DATA / 'a')], capture_output=True).stdout)\n",
        lambda d: (d / "a").write_text("longer"),
    ),
}


@pytest.mark.parametrize(
    ("read", "tracked"),
    [
        ("os.environ.get('FLOW_QUEUE', 'jobs')", True),
        ("os.getenv('FLOW_QUEUE') or 'jobs'", True),
        ("os.environ['FLOW_QUEUE'] if 'FLOW_QUEUE' in os.environ else 'jobs'", True),
        ("dict(os.environ).get('FLOW_QUEUE', 'jobs')", False),
    ],
)
def test_environment_variables_are_inputs(tmp_path: Path, read: str, tracked: bool) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "configured.py").write_text(
        f"import os\nQUEUE = {read}\n"
        + FLOW.format(name="configured", queue="").replace('Queue("")', "Queue(QUEUE)"),
        encoding="utf-8",
    )
    assert run(tmp_path, "compile", FLOW_QUEUE="first").returncode == 0
    same = run(tmp_path, "compile", "--check", FLOW_QUEUE="first")
    assert same.returncode == 0
    # A variable read by name is recorded with its value; the whole environment cannot be.
    assert ("compiled every time" in same.stderr) is not tracked
    assert check_agrees(tmp_path, FLOW_QUEUE="second") == 1
    assert check_agrees(tmp_path, FLOW_QUEUE="first") == 0


@pytest.mark.parametrize("channel", sorted(UNTRACKED))
def test_a_read_flowdsl_cannot_see_into_is_never_cached(tmp_path: Path, channel: str) -> None:
    read, change = UNTRACKED[channel]
    data = tmp_path / "data"
    data.mkdir()
    (data / "a").write_text("x")
    set_db(data / "db", 1)
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "counted.py").write_text(
        "from pathlib import Path\n"
        "from flowdsl import Queue, workflow\n"
        "DATA = Path(__file__).parent.parent / 'data'\n"
        f"{read}"
        "jobs = Queue(f'jobs{N}')\n\n\n"
        "@workflow\n"
        "def counted(job):\n"
        '    jobs.send_message(MessageBody={"job": job})\n',
        encoding="utf-8",
    )
    assert run(tmp_path, "compile").returncode == 0
    assert check_agrees(tmp_path) == 0
    change(data)
    assert check_agrees(tmp_path) == 1
