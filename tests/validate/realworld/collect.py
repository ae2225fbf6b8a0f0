"""Rebuild the real-world corpus from mirrors of public repositories (run by hand, not by tests).

    python -m tests.validate.realworld.collect /work/.mirror

Takes every ASL definition found in the repositories below at the mirrored commit: `*.asl.json`
and `*.asl.yaml` files, JSON files named like state machine definitions, and definitions embedded
in SAM/CloudFormation templates (`DefinitionBody`, `Definition`, `DefinitionString`). Template
intrinsics inside a definition (`!GetAtt`, `!Ref`, `!Sub`, `Fn::*`) become `${...}` placeholders,
as DefinitionSubstitutions would fill them. Each definition is written once (duplicates by
content are dropped) with its provenance in `provenance.json`.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
REPOSITORIES = (
    "aws-samples/step-functions-workflows-collection",
    "aws-samples/aws-stepfunctions-examples",
    "aws-samples/serverless-patterns",
    "aws-samples/serverless-samples",
    # LocalStack's Step Functions tests, recorded against AWS (JSON5: comments, trailing commas).
    "localstack/localstack",
    # asl-validator's own fixtures: valid-* must pass; invalid-* go to invalid/ (must fail).
    "ChristopheBougere/asl-validator",
    # statelint's fixtures (AWS's own linter): only those its spec expects problems in, to
    # invalid/. Its valid ones are left out: they check the grammar alone, with Resources such as
    # "foo:bar" that AWS rejects.
    "awslabs/statelint",
)
_ONLY = {
    "localstack/localstack": re.compile(r"^tests/aws/services/stepfunctions/templates/.*\.json5$"),
    "ChristopheBougere/asl-validator": re.compile(r"^src/__tests__/definitions/"),
    "awslabs/statelint": re.compile(r"^test/.*\.json$"),
}
_DEFINITION_FILE = re.compile(
    r"(\.asl\.(json|ya?ml)$)|((state[-_]?machine|definition)[^/]*\.json$)", re.IGNORECASE
)
_TEMPLATE_FILE = re.compile(r"(template|stack|cfn|sam)[^/]*\.(ya?ml|json)$", re.IGNORECASE)


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form intrinsics read as {"Fn::X": value} objects."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _intrinsic)


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=True
    ).stdout


def _placeholders(value: Any) -> Any:
    """Replace template intrinsics by ${Name} placeholders; keep everything else."""
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "Ref" and isinstance(inner, str):
                return "${" + inner + "}"
            if key == "Fn::GetAtt":
                parts = inner if isinstance(inner, list) else str(inner).split(".")
                return "${" + "".join(str(p) for p in parts) + "}"
            if key == "Fn::Sub":
                return inner[0] if isinstance(inner, list) else inner
            if key.startswith("Fn::"):
                return "${" + key[4:] + "}"
        return {str(k): _placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_placeholders(v) for v in value]
    return value


# LocalStack's templates leave the Resource of a Task to the test, which writes a real function or
# activity ARN there before creating the state machine; the collector does the same. Templates
# with other %MARKERS% (context paths, operators chosen by the test) are left out.
_TEST_RESOURCE = re.compile(r"_+tb[dc]_+|%LAMBDA_FUNCTION_ARN_LITERAL_PLACEHOLDER%", re.IGNORECASE)
_TEST_MARKER = re.compile(r"%[A-Za-z_]+%")


def _fill_test_resources(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        filled = {k: _fill_test_resources(v, path) for k, v in value.items()}
        resource = filled.get("Resource")
        if isinstance(resource, str) and _TEST_RESOURCE.fullmatch(resource):
            kind = "activity:test" if "activit" in path else "function:test"
            service = "states" if kind.startswith("activity") else "lambda"
            filled["Resource"] = f"arn:aws:{service}:us-east-1:111111111111:{kind}"
        return filled
    if isinstance(value, list):
        return [_fill_test_resources(v, path) for v in value]
    return value


def _is_definition(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("States"), dict) and "StartAt" in value


_LINE_COMMENT = re.compile(r'("(?:[^"\\]|\\.)*")|//[^\n]*')
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _parse(text: str, path: str) -> Any:
    if path.endswith(".json5"):
        text = _LINE_COMMENT.sub(lambda m: m.group(1) or "", text)
        return json.loads(_TRAILING_COMMA.sub(r"\1", text))
    if path.endswith(".json"):
        return json.loads(text)
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects


def _from_template(template: Any) -> list[tuple[str, Any]]:
    found = []
    resources = template.get("Resources") if isinstance(template, dict) else None
    for logical, resource in (resources or {}).items():
        props = resource.get("Properties") if isinstance(resource, dict) else None
        if not isinstance(props, dict):
            continue
        for key in ("DefinitionBody", "Definition", "DefinitionString"):
            body = props.get(key)
            if isinstance(body, dict) and set(body) <= {"Fn::Sub", "Fn::Join"}:
                body = _placeholders(body)
            if isinstance(body, str):
                try:
                    body = json.loads(body)
                except ValueError:
                    continue
            body = _placeholders(body)
            if _is_definition(body):
                found.append((f"{logical}.{key}", body))
    return found


# statelint's fixtures with no expectation in its spec: invalid by their names and content (a
# Next into another branch; no terminal state), as test/test_retval.sh treats has-dupes.json.
_STATELINT_UNLISTED_INVALID = {"test/linked-parallel.json", "test/no-terminal.json"}


def _statelint_invalid(git_dir: Path) -> dict[str, str]:
    """The fixtures statelint's spec expects problems in (`expect(problems.size).to eq(N)`, N > 0
    after the `File.read "test/x.json"` that loads each), with the description of the spec
    example (`it '...'`) as the reason; its duplicate-keys fixture (which test/test_retval.sh
    expects to fail) and the unlisted ones above get their reason in test_realworld.py."""
    spec = _git(git_dir, "show", "HEAD:spec/statelint_spec.rb")
    invalid = dict.fromkeys((*_STATELINT_UNLISTED_INVALID, "test/has-dupes.json"), "")
    example, current = "", None
    for line in spec.splitlines():
        described = re.search(r"\bit '([^']+)'", line)
        if described:
            example = described.group(1)
        read = re.search(r'File\.read\(?\s*"(test/[^"]+)"', line)
        if read:
            current = read.group(1)
            continue
        expected = re.search(r"expect\(problems\.size\)\.to eq\((\d+)\)", line)
        if expected and current:
            if int(expected.group(1)) > 0:
                invalid[current] = f"statelint: {example}"
            current = None
    return invalid


def collect(mirror: Path) -> None:
    provenance: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for repo in REPOSITORIES:
        git_dir = mirror / repo.replace("/", "+") / "repo"
        commit = _git(git_dir, "rev-parse", "HEAD").strip()
        only = _ONLY.get(repo)
        statelint_invalid = _statelint_invalid(git_dir) if repo == "awslabs/statelint" else None
        for path in sorted(_git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines()):
            if only is not None and not only.search(path):
                continue
            if statelint_invalid is not None:
                if path in statelint_invalid:
                    file = _write_raw(git_dir, repo, path)
                    provenance[file] = {"repository": repo, "path": path, "commit": commit}
                    if statelint_invalid[path]:
                        provenance[file]["reason"] = statelint_invalid[path]
                continue
            is_definition = bool(_DEFINITION_FILE.search(path)) or only is not None
            if not is_definition and not _TEMPLATE_FILE.search(path):
                continue
            try:
                text = _git(git_dir, "show", f"HEAD:{path}")
                document = _parse(text, path)
            except (subprocess.CalledProcessError, ValueError, yaml.YAMLError):
                continue
            if _is_definition(document):
                candidates = [("", _placeholders(document))]
            else:
                candidates = _from_template(document)
            if repo == "localstack/localstack":
                candidates = [(w, _fill_test_resources(d, path)) for w, d in candidates]
                candidates = [c for c in candidates if not _TEST_MARKER.search(json.dumps(c[1]))]
            for where, definition in candidates:
                # YAML may give dates and numbers: JSON keeps them as the text YAML read.
                definition = json.loads(json.dumps(definition, default=str))
                canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
                digest = hashlib.sha256(canonical.encode()).hexdigest()[:10]
                if digest in seen:
                    continue
                seen.add(digest)
                short = repo.split("/")[1]
                name = f"{short}--{re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-')[-90:]}"
                name = f"{name}--{where.replace('.', '-')}" if where else name
                # Only validators' fixtures are invalid by intent; LocalStack's invalid_jsonpath_*
                # definitions are created on AWS and fail at run time.
                invalid = Path(path).name.startswith("invalid") and (
                    "asl-validator" in repo or "/validation/" in path
                )
                folder = "invalid" if invalid else "definitions"
                (HERE / folder).mkdir(exist_ok=True)
                file = f"{folder}/{name}.asl.json"
                (HERE / file).write_text(
                    json.dumps(definition, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
                provenance[file] = {"repository": repo, "path": path, "commit": commit}
                if where:
                    provenance[file]["embedded"] = where
                if invalid and isinstance(definition.get("Comment"), str):
                    # asl-validator's invalid fixtures say in their Comment what is wrong.
                    provenance[file]["reason"] = f"asl-validator: {definition['Comment']}"
    (HERE / "provenance.json").write_text(
        json.dumps(dict(sorted(provenance.items())), indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(provenance)} definitions")


def _write_raw(git_dir: Path, repo: str, path: str) -> str:
    """An invalid fixture stored byte for byte: parsing it would drop what makes it invalid
    (a duplicate key), and it need not be a definition at all. Returns its corpus path."""
    short = repo.split("/")[1]
    file = f"invalid/{short}--{re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-')[-90:]}.asl.json"
    (HERE / file).write_text(_git(git_dir, "show", f"HEAD:{path}"), encoding="utf-8")
    return file


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
