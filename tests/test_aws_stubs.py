"""The shipped aws.<service>.<operation> stubs are what botocore's models say."""

from __future__ import annotations

import re

import botocore
import pytest

from flowdsl.aws_stubs import GENERATED_FROM, PACKAGE, render


def test_shipped_stubs_match_the_installed_botocore() -> None:
    index = (PACKAGE / "__init__.pyi").read_text(encoding="utf-8")
    made_from = re.search(re.escape(GENERATED_FROM) + r"(\S+)", index)
    assert made_from, "the index names the botocore it was made from"
    if made_from.group(1) != botocore.__version__:
        pytest.skip(
            f"stubs made from botocore {made_from.group(1)}, installed {botocore.__version__}: "
            "run `python -m flowdsl.aws_stubs` and review the diff"
        )
    expected = render()
    shipped = {path.name: path.read_text(encoding="utf-8") for path in PACKAGE.glob("*.pyi")}
    assert sorted(shipped) == sorted(expected)
    stale = [name for name, text in expected.items() if shipped[name] != text]
    assert not stale, f"stale stubs: {stale[:5]}; run `python -m flowdsl.aws_stubs`"


def test_an_operation_stub_has_the_api_parameters_and_the_task_options() -> None:
    s3 = (PACKAGE / "_s3.pyi").read_text(encoding="utf-8")
    line = next(line for line in s3.splitlines() if "def list_objects_v2(" in line)
    assert "*, Bucket: str," in line  # required first
    assert "MaxKeys: int = ..." in line and "Prefix: str = ..." in line
    assert line.endswith("**options: Unpack[TaskOptions]) -> Any: ...")
    index = (PACKAGE / "__init__.pyi").read_text(encoding="utf-8")
    assert "    bedrock_runtime: _bedrock_runtime.BedrockRuntime" in index
