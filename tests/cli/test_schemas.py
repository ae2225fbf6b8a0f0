"""The shipped JSON Schemas agree with what flowdsl accepts and with the files it writes."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from flowdsl.build.config import load_config
from flowdsl.cli.schema import schema_text
from flowdsl.errors import UsageError
from flowdsl.iam.config import policy_options
from tests.conftest import ROOT, run_flowdsl

CONFIG = jsonschema.Draft202012Validator(json.loads(schema_text("config")))
SUBSTITUTIONS = jsonschema.Draft202012Validator(json.loads(schema_text("substitutions")))


def accepted_by_flowdsl(settings: dict[str, Any], tmp_path: Path) -> bool:
    """Whether load_config and the IAM tables accept a [tool.flowdsl] table."""
    lines = ["[tool.flowdsl]", *(f"{json.dumps(k)} = {toml(v)}" for k, v in settings.items())]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    try:
        config = load_config(tmp_path)
        for name, table in config.iam.items():
            policy_options(table, where=name)
    except UsageError:
        return False
    return True


def toml(value: Any) -> str:
    """A TOML value (inline tables; JSON's string and key quoting is TOML's basic string)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return json.dumps(value)


GOOD = [
    {},
    {"flows": "src/flows", "generated": "out"},
    {"environments": {"prod": {"OrdersQueueUrl": "https://sqs.example/1/Orders"}}},
    {"iam": {"Orders": {"logging": True, "resources": {"Send": ["arn:aws:sqs:::q"]}}}},
    {"iam": {"Orders": {"actions": {"List APIs": ["apigateway:GET"]}}}},
    {"inputs": ["data/**/*.csv", "schemas/*.json", "a..b/*"], "env": ["STAGE", "_X1"]},
]
BAD = [
    {"flow": "flows"},
    {"flows": 1},
    {"environments": {"prod": {"Url": 1}}},
    {"iam": {"Orders": {"logging": "yes"}}},
    {"iam": {"Orders": {"resources": {"Send": "arn:aws:sqs:::q"}}}},
    {"iam": {"Orders": {"resources": {"Send": [""]}}}},
    {"iam": {"Orders": {"color": True}}},
    {"inputs": "data/*"},
    {"inputs": [""]},
    {"inputs": ["/etc/*"]},
    {"inputs": ["~/data/*"]},
    {"inputs": ["data/../../x"]},
    {"inputs": [".."]},
    {"inputs": ["data\\x"]},
    {"env": ["STAGE=prod"]},
    {"env": ["1X"]},
    {"env": "STAGE"},
]


@pytest.mark.parametrize("settings", GOOD + BAD)
def test_config_schema_accepts_what_flowdsl_accepts(
    settings: dict[str, Any], tmp_path: Path
) -> None:
    assert (
        CONFIG.is_valid(settings) == accepted_by_flowdsl(settings, tmp_path) == (settings in GOOD)
    )


def test_this_repository_and_the_scaffold_follow_the_config_schema() -> None:
    own = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["flowdsl"]
    CONFIG.validate(own)
    template = resources.files("flowdsl.scaffold").joinpath("template/pyproject.toml.tmpl")
    CONFIG.validate(tomllib.loads(template.read_text("utf-8"))["tool"]["flowdsl"])


def test_generated_substitutions_follow_their_schema() -> None:
    files = sorted((ROOT / "generated").glob("*/substitutions*.json"))
    assert files
    for path in files:
        SUBSTITUTIONS.validate(json.loads(path.read_text()))
    assert not SUBSTITUTIONS.is_valid({"Url": 1})


def test_schema_command_prints_each_schema(tmp_path: Path) -> None:
    for which, title in (("config", "[tool.flowdsl]"), ("substitutions", "substitutions.json")):
        printed = run_flowdsl(tmp_path, "schema", which)
        assert printed.returncode == 0 and title in json.loads(printed.stdout)["title"]
    assert "States" in json.loads(run_flowdsl(tmp_path, "schema").stdout)["properties"]
