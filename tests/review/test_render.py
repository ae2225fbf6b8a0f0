"""Every Mermaid text the project produces renders in the real Mermaid (mermaid-cli + Chromium).

All diagrams go through ONE browser session (mmdc costs ~3 s per call). Without Chromium or
@mermaid-js/mermaid-cli the tests skip with the install lines; .ci/run installs both.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from pathlib import Path
from typing import Any

import pytest

from flowdsl.review.mermaid import render_markdown, render_mermaid
from tests.review.cases import CONSTRUCTS, GENERATED, generated, seeds
from tests.review.mermaid_cli import (
    DOCS,
    DOCS_PICTURES,
    DOCS_SOURCE,
    docs_mermaid,
    render_all,
    source_digest,
    unavailable_reason,
)

BROKEN = "__deliberately_broken__"
MERMAID_BLOCK = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)


def random_names_definition(count: int = 40, seed: int = 6) -> dict[str, Any]:
    """A chain of states named with characters that are hard on Mermaid's grammar."""
    rng = random.Random(seed)
    alphabet = [*"abcXYZ019 _-.:;,!?'\"`#%&|<>[](){}/\\=+*~^$@", "ü", "✓", "日", "\u00a0"]
    names: list[str] = []
    while len(names) < count:
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        if name not in names:
            names.append(name)
    states: dict[str, Any] = {}
    for index, name in enumerate(names):
        following = names[index + 1] if index + 1 < len(names) else None
        if index % 5 == 2 and following:
            states[name] = {
                "Type": "Choice",
                "Choices": [{"Variable": "$.v", "StringEquals": name, "Next": following}],
                "Default": names[0],
            }
        elif following:
            states[name] = {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [{"ErrorEquals": [name], "Next": names[-1]}],
                "Next": following,
            }
        else:
            states[name] = {"Type": "Succeed"}
    return {"StartAt": names[0], "States": states}


def diagrams() -> dict[str, str]:
    """Every Mermaid text the tests and generated/ hold, by a readable key."""
    found: dict[str, str] = {}
    for name, definition in {**CONSTRUCTS, **seeds()}.items():
        page = render_markdown(definition, name=name)
        for index, block in enumerate(MERMAID_BLOCK.findall(page)):
            found[f"page:{name}:{index}"] = block
    for name, definition in generated().items():
        found[f"generated:{name}"] = render_mermaid(definition)
    # The review pages compile writes next to each definition, once it writes them.
    for readme in sorted(GENERATED.glob("*/*.md")):
        for index, block in enumerate(MERMAID_BLOCK.findall(readme.read_text(encoding="utf-8"))):
            found[f"file:{readme.relative_to(GENERATED).as_posix()}:{index}"] = block
    found["random-names"] = render_mermaid(random_names_definition())
    return found


DIAGRAMS = diagrams()


THEMES = ("default", "dark")
SVGS: dict[str, str] = {f"svg:bookstore:{theme}": "" for theme in THEMES}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str | None], Path]:
    reason = unavailable_reason()
    if reason and os.environ.get("FLOWDSL_REQUIRE_MERMAID") == "1":
        # CI sets this after installing the renderer, so a broken install cannot pass as a skip.
        pytest.fail(f"real Mermaid renderer required but unavailable: {reason}")
    if reason:
        pytest.skip(f"real Mermaid renderer unavailable: {reason}")
    png_dir = tmp_path_factory.mktemp("png")
    png = {key: png_dir / "bookstore.png" for key in DIAGRAMS if key.endswith("bookstore:0")}
    # A diagram with a syntax error proves a parse error is reported, not swallowed.
    jobs = {**DIAGRAMS, BROKEN: 'flowchart TD\n  a["unclosed --> b\n'}
    # The README's picture as SVG in both themes, for assertions on what Mermaid drew.
    jobs.update({key: docs_mermaid() for key in SVGS})
    dark = {key for key in SVGS if key.endswith(":dark")}
    return render_all(jobs, png=png, dark=dark, svg=SVGS), png_dir


@pytest.mark.parametrize("key", sorted(DIAGRAMS))
def test_renders_without_error(key: str, rendered: tuple[dict[str, str | None], Path]) -> None:
    results, _ = rendered
    assert results[key] is None, f"{key} failed to render:\n{results[key]}\n\n{DIAGRAMS[key]}"


def test_a_parse_error_is_reported(rendered: tuple[dict[str, str | None], Path]) -> None:
    results, _ = rendered
    assert results[BROKEN] is not None
    assert "Parse error" in results[BROKEN]


def test_bookstore_png_is_written(rendered: tuple[dict[str, str | None], Path]) -> None:
    _, png_dir = rendered
    data = (png_dir / "bookstore.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    # Six top-level states and a four-branch Parallel with its branches side by side.
    assert width > 400 and height > 400


def test_the_install_hint_names_the_ci_lines() -> None:
    from tests.review.mermaid_cli import INSTALL_HINT

    assert "apt-get install -y chromium" in INSTALL_HINT
    assert "PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save @mermaid-js/mermaid-cli" in INSTALL_HINT


def clusters(svg: str) -> dict[str, tuple[str, float, float, float, float]]:
    """Each subgraph Mermaid drew: id suffix -> (title, x, y, width, height)."""
    found = {}
    for match in re.finditer(
        r'<g class="cluster[^"]*" id="[^"]*?(st_\w+)"[^>]*>(.*?)</g></g>', svg
    ):
        rect = re.search(
            r'<rect[^>]* x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
            match.group(2),
        )
        title = re.findall(r">([^<>]+)</(?:span|p)>", match.group(2))
        assert rect, match.group(0)[:300]
        x, y, width, height = (float(v) for v in rect.groups())
        found[match.group(1)] = (" ".join(title), x, y, width, height)
    return found


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb (WCAG 2.1)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES)
def test_the_parallel_is_one_box_with_named_branches_side_by_side(
    theme: str, rendered: tuple[dict[str, str | None], Path]
) -> None:
    results, _ = rendered
    key = f"svg:bookstore:{theme}"
    assert results[key] is None, results[key]
    svg = SVGS[key]
    drawn = clusters(svg)
    (box,) = [c for name, c in drawn.items() if name.endswith("_box")]
    assert box[0] == "Parallel"
    branches = [drawn[name] for name in sorted(drawn) if re.search(r"_b\d$", name)]
    assert [b[0] for b in branches] == ["discount", "loyalty", "shipment", "recommendations"]
    for _, x, y, width, height in branches:  # inside the box
        assert box[1] <= x and x + width <= box[1] + box[3]
        assert box[2] <= y and y + height <= box[2] + box[4]
    # Side by side, in the order written: each branch starts right of where the last ended.
    for left, right in itertools.pairwise(branches):
        assert left[1] + left[3] <= right[1]
    # The edge reads as the Python condition; no JSONata; no synthetic state of its own.
    assert 'stock["ItemStock"] &gt; 0' in svg
    assert "$stock" not in svg and "Parallel (Parallel)" not in svg
    assert not re.search(r'id="[^"]*flowchart-st_Order_Handling', svg)
    # Start and End stand out from the page in both themes (WCAG's 3:1 for graphics).
    background = "#0d1117" if theme == "dark" else "#ffffff"
    for marker in ("fd_start", "fd_end"):
        node = re.search(rf'id="[^"]*flowchart-{marker}-\d+"[^>]*>(.*?)</g>', svg, re.S)
        assert node, marker
        colours = re.findall(r"(?:fill|stroke):(#[0-9a-fA-F]{6})", node.group(1))
        assert colours and max(contrast(c, background) for c in colours) >= 3, colours


def test_docs_pictures_are_drawn_from_the_current_mermaid() -> None:
    """docs/bookstore.mmd is what flowdsl draws for the bookstore workflow today, and each PNG
    records the digest of the text it was rendered from (redraw with
    `python -m tests.review.mermaid_cli --docs`)."""
    import hashlib

    text = docs_mermaid()
    assert DOCS_SOURCE.read_text(encoding="utf-8") == text, (
        "run python -m tests.review.mermaid_cli --docs"
    )
    digest = hashlib.sha256(text.encode()).hexdigest()
    for name in DOCS_PICTURES:
        assert source_digest((DOCS / name).read_bytes()) == digest, name
