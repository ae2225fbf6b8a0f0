"""Test helper: render Mermaid texts with the real renderer (mermaid-cli + Chromium), in one batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

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
    diagrams: dict[str, str],
    png: dict[str, Path] | None = None,
    timeout: float = 300,
    *,
    dark: set[str] | frozenset[str] = frozenset(),
    svg: dict[str, str] | None = None,
) -> dict[str, str | None]:
    """Render every diagram in one browser; map each key to None (rendered) or the error text.

    Keys listed in `png` are also written as PNG files there; keys in `dark` use Mermaid's dark
    theme on GitHub's dark background; the SVG of each key already in `svg` is stored there.
    """
    png = png or {}
    wanted = svg if svg is not None else {}
    jobs = [
        {
            "id": key,
            "text": text,
            "png": str(png[key]) if key in png else None,
            "theme": "dark" if key in dark else "default",
            "svg": key in wanted,
        }
        for key, text in diagrams.items()
    ]
    results = _run(jobs, timeout)
    for key in wanted:
        wanted[key] = results[key].get("svg") or ""
    return {key: (None if results[key]["ok"] else results[key]["error"]) for key in diagrams}


def _run(jobs: list[dict[str, Any]], timeout: float) -> dict[str, dict[str, Any]]:
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
    results: dict[str, dict[str, Any]] = json.loads(proc.stdout)
    return results


DOCS = REPO / "docs"
# The README's picture: the bookstore workflow, in the light and the dark theme.
DOCS_PICTURES = {"bookstore.png": "default", "bookstore-dark.png": "dark"}
DOCS_SOURCE = DOCS / "bookstore.mmd"
SOURCE_KEY = "flowdsl-mermaid-sha256"


def docs_mermaid() -> str:
    """The Mermaid text the docs pictures are drawn from: generated/BookstoreOrderFlow's."""
    from flowdsl.review.loading import load_workflow
    from flowdsl.review.mermaid import render_mermaid

    return render_mermaid(load_workflow("BookstoreOrderFlow", REPO / "generated").definition)


def source_digest(png: bytes) -> str | None:
    """The SOURCE_KEY text chunk of a PNG (the digest of the Mermaid it was drawn from)."""
    at = 8
    while at + 8 <= len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind = png[at + 4 : at + 8]
        body = png[at + 8 : at + 8 + length]
        if kind == b"tEXt" and body.startswith(SOURCE_KEY.encode() + b"\0"):
            return body.split(b"\0", 1)[1].decode()
        at += 12 + length
    return None


def with_source_digest(png: bytes, digest: str) -> bytes:
    """The PNG with a tEXt chunk naming its source's digest, before IEND (PNG spec 11.3.4.3)."""
    import zlib

    body = b"tEXt" + SOURCE_KEY.encode() + b"\0" + digest.encode()
    chunk = (len(body) - 4).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk + png[end:]


def write_docs_pictures() -> int:
    """Redraw docs/bookstore*.png with the real renderer from the current Mermaid text."""
    import hashlib

    reason = unavailable_reason()
    if reason:
        print(reason)
        return 2
    text = docs_mermaid()
    DOCS_SOURCE.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with tempfile.TemporaryDirectory() as tmp:
        targets = {name: Path(tmp) / name for name in DOCS_PICTURES}
        dark = {name for name, theme in DOCS_PICTURES.items() if theme == "dark"}
        errors = render_all({name: text for name in DOCS_PICTURES}, targets, dark=dark)
        if any(errors.values()):
            print(errors)
            return 1
        for name, path in targets.items():
            (DOCS / name).write_bytes(with_source_digest(path.read_bytes(), digest))
    print(f"wrote {DOCS_SOURCE.name} and {', '.join(DOCS_PICTURES)} in {DOCS}")
    return 0


def main(argv: list[str]) -> int:
    """`python -m tests.review.mermaid_cli ASL_OR_WORKFLOW OUT.png`: draw one picture as PNG;
    `python -m tests.review.mermaid_cli --docs`: redraw the README's pictures in docs/."""
    from flowdsl.review.loading import load_workflow
    from flowdsl.review.mermaid import render_mermaid

    if argv == ["--docs"]:
        return write_docs_pictures()
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
