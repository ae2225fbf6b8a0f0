"""Reads flowdsl cannot see into, made cacheable by declaring them in `[tool.flowdsl]`.

Undeclared, a directory listing or a read of the whole environment makes a module compiled
every time (see test_check_truth). Declared (`inputs` globs for files and listings, `env` for
variables), what the declaration covers is folded into the module's record: the check is
cached, and still says 1 as soon as anything declared changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.build.project import check_agrees, run, set_db

FLOW = (
    "from pathlib import Path\n"
    "from flowdsl import Queue, workflow\n"
    "DATA = Path(__file__).parent.parent / 'data'\n"
    "{read}"
    "jobs = Queue(f'jobs{{N}}')\n\n\n"
    "@workflow\n"
    "def counted(job):\n"
    '    jobs.send_message(MessageBody={{"job": job}})\n'
)


def project(root: Path, read: str, declaration: str) -> Path:
    data = root / "data"
    (data / "nested").mkdir(parents=True)
    (data / "a.csv").write_text("x")
    (data / "nested" / "c.csv").write_text("y")
    set_db(data / "db", 1)
    (root / "pyproject.toml").write_text(f"[tool.flowdsl]\n{declaration}\n", encoding="utf-8")
    (root / "flows").mkdir()
    (root / "flows" / "counted.py").write_text(FLOW.format(read=read), encoding="utf-8")
    return data


# A listing of data/ (or a read of a file under it) and a change to what it sees.
LISTINGS = {
    "listdir": ("import os\nN = len(os.listdir(DATA))\n", lambda d: (d / "b.csv").touch()),
    "scandir": ("import os\nN = len(list(os.scandir(DATA)))\n", lambda d: (d / "b").touch()),
    "glob": (
        "import glob\nN = len(glob.glob(str(DATA / '**' / '*.csv'), recursive=True))\n",
        lambda d: (d / "nested" / "d.csv").touch(),
    ),
    "pathlib": ("N = len(list(DATA.iterdir()))\n", lambda d: (d / "new").mkdir()),
    "walk": (
        "import os\nN = sum(len(files) for _, _, files in os.walk(DATA))\n",
        lambda d: (d / "nested" / "e.csv").touch(),
    ),
    "stat": (
        "import os\nN = sum(os.path.getsize(DATA / n) for n in sorted(os.listdir(DATA))"
        " if n.endswith('.csv'))\n",
        lambda d: (d / "a.csv").write_text("longer"),
    ),
    "sqlite3": (
        "import sqlite3\n"
        "N = sqlite3.connect(DATA / 'db').execute('select n from t').fetchone()[0]\n",
        lambda d: set_db(d / "db", 2),
    ),
}


@pytest.mark.parametrize("channel", sorted(LISTINGS))
def test_a_declared_read_is_cached_and_still_seen(tmp_path: Path, channel: str) -> None:
    read, change = LISTINGS[channel]
    data = project(tmp_path, read, 'inputs = ["data/**"]')
    first = run(tmp_path, "compile")
    assert first.returncode == 0, first.stderr
    assert "compiled every time" not in first.stderr
    again = run(tmp_path, "compile", "--check")
    assert again.returncode == 0 and "compiled every time" not in again.stderr, again.stderr
    change(data)
    assert check_agrees(tmp_path) == 1
    assert run(tmp_path, "compile").returncode == 0
    assert check_agrees(tmp_path) == 0


def test_a_listing_outside_the_declared_inputs_is_still_compiled_every_time(
    tmp_path: Path,
) -> None:
    data = project(tmp_path, "import os\nN = len(os.listdir(DATA))\n", 'inputs = ["other/*"]')
    result = run(tmp_path, "compile")
    assert result.returncode == 0, result.stderr
    assert "compiled every time" in result.stderr and "lists data" in result.stderr
    assert "[tool.flowdsl] inputs" in result.stderr  # the note says how to declare it
    (data / "b").touch()
    assert check_agrees(tmp_path) == 1


def test_a_process_is_never_cached_even_with_declared_inputs(tmp_path: Path) -> None:
    read = (
        "import subprocess\n"
        "N = len(subprocess.run(['cat', str(DATA / 'a.csv')], capture_output=True).stdout)\n"
    )
    project(tmp_path, read, 'inputs = ["data/**"]\nenv = ["PATH"]')
    result = run(tmp_path, "compile")
    assert result.returncode == 0, result.stderr
    assert "compiled every time" in result.stderr


WHOLE_ENVIRONMENT = {
    "items": "{k: v for k, v in os.environ.items() if k.startswith('FLOW_')}",
    "iteration": "{k: os.environ[k] for k in os.environ if k.startswith('FLOW_')}",
    "copy": "os.environ.copy()",
}


@pytest.mark.parametrize("read", sorted(WHOLE_ENVIRONMENT))
def test_declared_variables_make_a_read_of_the_whole_environment_cacheable(
    tmp_path: Path, read: str
) -> None:
    flow = f"import os\nN = len({WHOLE_ENVIRONMENT[read]}.get('FLOW_QUEUE', ''))\n"
    project(tmp_path, flow, 'env = ["FLOW_QUEUE"]')
    first = run(tmp_path, "compile", FLOW_QUEUE="one")
    assert first.returncode == 0 and "compiled every time" not in first.stderr, first.stderr
    again = run(tmp_path, "compile", "--check", FLOW_QUEUE="one", FLOW_OTHER="ignored")
    assert again.returncode == 0 and "compiled every time" not in again.stderr, again.stderr
    assert check_agrees(tmp_path, FLOW_QUEUE="three") == 1
    assert check_agrees(tmp_path, FLOW_QUEUE="two") == 0  # same length: the same output


def test_a_declared_variable_read_by_a_library_is_an_input(tmp_path: Path) -> None:
    # click reads XDG_CONFIG_HOME when called: an installed library's read, which counts only
    # when declared (undeclared, a library's settings are its own, see inputs.py).
    flow = "import click\nN = len(click.get_app_dir('flow'))\n"
    project(tmp_path, flow, 'env = ["XDG_CONFIG_HOME"]')
    assert run(tmp_path, "compile", XDG_CONFIG_HOME="/one").returncode == 0
    assert check_agrees(tmp_path, XDG_CONFIG_HOME="/one") == 0
    assert check_agrees(tmp_path, XDG_CONFIG_HOME="/three") == 1


BAD = {
    'inputs = "data/*"': "inputs must be a list of glob patterns",
    'inputs = ["/etc/*"]': "relative to pyproject.toml",
    'inputs = ["../shared/*"]': "relative to pyproject.toml",
    'inputs = [""]': "inputs must be a list of glob patterns",
    "inputs = [1]": "inputs must be a list of glob patterns",
    'env = "STAGE"': "env must be a list of environment variable names",
    'env = ["STAGE=prod"]': "env must be a list of environment variable names",
}


@pytest.mark.parametrize("declaration", sorted(BAD))
def test_a_bad_declaration_is_a_clear_error(tmp_path: Path, declaration: str) -> None:
    project(tmp_path, "N = 1\n", declaration)
    result = run(tmp_path, "compile")
    assert result.returncode == 2, result.stderr
    assert "pyproject.toml" in result.stderr and BAD[declaration] in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
