"""`flowdsl init`: the files of a new flowdsl project, written without touching existing ones."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

# Template file (in template/) -> where it goes in the new project.
FILES: dict[str, str] = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "requirements.txt.tmpl": "requirements.txt",
    "order.py.tmpl": "flows/order.py",
    "test_order.py.tmpl": "tests/test_order.py",
    "pre-commit-config.yaml.tmpl": ".pre-commit-config.yaml",
    "github-workflow.yml.tmpl": ".github/workflows/flowdsl.yml",
    "gitignore.tmpl": ".gitignore",
}


@dataclass(frozen=True)
class Scaffolded:
    """What `scaffold` did: files written, and files that existed and were left as they were."""

    written: list[str]
    kept: list[str]
    # An existing pyproject.toml without [tool.flowdsl]: the defaults apply (flows/, generated/).
    pyproject_lacks_table: bool


def scaffold(directory: Path) -> Scaffolded:
    """Write the project files into `directory` (created if missing); never overwrite a file."""
    directory.mkdir(parents=True, exist_ok=True)
    requirement = flowdsl_requirement()
    written: list[str] = []
    kept: list[str] = []
    template = resources.files(__package__).joinpath("template")
    for source, target in FILES.items():
        path = directory / target
        if path.exists():
            kept.append(target)
            continue
        text = template.joinpath(source).read_text(encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("@@FLOWDSL_REQUIREMENT@@", requirement), encoding="utf-8")
        written.append(target)
    lacks_table = "pyproject.toml" in kept and not _has_flowdsl_table(directory / "pyproject.toml")
    return Scaffolded(written, kept, lacks_table)


def flowdsl_requirement() -> str:
    """How the new project should install this flowdsl: the git commit it came from, else its version.

    pip records where a distribution came from in direct_url.json (PEP 610); a git install
    names the exact commit, which is what a project should pin. A wheel or directory on this
    machine means nothing on CI's, so those fall back to the version.
    """
    try:
        distribution = metadata.distribution("flowdsl")
    except metadata.PackageNotFoundError:
        return "flowdsl"
    origin = distribution.read_text("direct_url.json")
    if origin:
        try:
            data = json.loads(origin)
        except ValueError:
            data = {}
        vcs = data.get("vcs_info") if isinstance(data, dict) else None
        if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
            return f"flowdsl @ git+{data['url']}@{vcs['commit_id']}"
    return f"flowdsl=={distribution.version}"


def _has_flowdsl_table(pyproject: Path) -> bool:
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool", {}).get("flowdsl"), dict)
