"""Every Mermaid text the project produces renders in the real Mermaid (mermaid-cli + Chromium).

All diagrams go through ONE browser session (mmdc costs ~3 s per call). Without Chromium or
@mermaid-js/mermaid-cli the tests skip with the install lines; .ci/run installs both.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Any

import pytest

from flowdsl.review.mermaid import render_markdown, render_mermaid
from tests.review.cases import CONSTRUCTS, GENERATED, generated, seeds
from tests.review.mermaid_cli import render_all, unavailable_reason

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
    return render_all(jobs, png=png), png_dir


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
    # Seven top-level states and a four-branch Parallel: taller than wide, and not a stub.
    assert height > width > 400


def test_the_install_hint_names_the_ci_lines() -> None:
    from tests.review.mermaid_cli import INSTALL_HINT

    assert "apt-get install -y chromium" in INSTALL_HINT
    assert "PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save @mermaid-js/mermaid-cli" in INSTALL_HINT
