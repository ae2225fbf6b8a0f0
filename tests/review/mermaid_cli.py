"""Test helper: render Mermaid texts with the real renderer (mermaid-cli + Chromium), in one batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("render_mermaid.mjs")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
INSTALL_HINT = (
    "apt-get update && apt-get install -y chromium && "
    "PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save @mermaid-js/mermaid-cli"
)


def unavailable_reason() -> str | None:
    """Why the real renderer cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (install: {INSTALL_HINT})"
    if not (REPO / "node_modules" / "@mermaid-js" / "mermaid-cli").is_dir():
        return f"@mermaid-js/mermaid-cli is not in node_modules (install: {INSTALL_HINT})"
    return None


def render_all(
    diagrams: dict[str, str], png: dict[str, Path] | None = None, timeout: float = 300
) -> dict[str, str | None]:
    """Render every diagram in one browser; map each key to None (rendered) or the error text.

    Keys listed in `png` are also written as PNG files there.
    """
    png = png or {}
    jobs = [
        {"id": key, "text": text, "png": str(png[key]) if key in png else None}
        for key, text in diagrams.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        jobs_file = Path(tmp) / "jobs.json"
        jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
        proc = subprocess.run(
            ["node", str(SCRIPT), str(jobs_file)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"mermaid renderer failed ({proc.returncode}): {proc.stderr[-2000:]}")
    results = json.loads(proc.stdout)
    return {key: (None if results[key]["ok"] else results[key]["error"]) for key in diagrams}


def main(argv: list[str]) -> int:
    """`python -m tests.review.mermaid_cli ASL_OR_WORKFLOW OUT.png`: draw one picture as PNG."""
    from flowdsl.review.loading import load_workflow
    from flowdsl.review.mermaid import render_mermaid

    if len(argv) != 2:
        print("usage: python -m tests.review.mermaid_cli ASL_FILE_OR_WORKFLOW OUT.png")
        return 2
    reason = unavailable_reason()
    if reason:
        print(reason)
        return 2
    loaded = load_workflow(argv[0], REPO / "generated")
    error = render_all({"picture": render_mermaid(loaded.definition)}, {"picture": Path(argv[1])})
    if error["picture"]:
        print(error["picture"])
        return 1
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
