"""`flowdsl import`: reading definitions, the Python it writes, the round trip, the CLI."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
from pathlib import Path

import pytest

from flowdsl.errors import UsageError
from flowdsl.importer import Definition, ImportFailed, import_definition, read_definitions
from flowdsl.importer.verify import recompile, verify
from tests.conftest import run_flowdsl
from tests.importer.literal import comments

CASES = Path(__file__).parent / "cases"
POLLING = CASES / "polling.asl.json"
TEMPLATE = CASES / "template.yaml"
# Nested and list-index IsPresent, States.UUID: Python flowdsl compiles back to them.
NATIVES = CASES / "natives.asl.json"
# Distributed Maps: an S3 CSV in batches, an S3 listing with ItemSelector and ResultWriter.
DISTRIBUTED = CASES / "distributed.asl.json"
JSONATA = CASES / "jsonata.asl.json"
# Definitions that need the low-level form (literal ASL): one state, a structure, a language.
LOW_LEVEL = {
    CASES / "low_level_state.asl.json": ("asl_state(", "uses filters, wildcards"),
    CASES / "unstructured.asl.json": ("asl_states(", "would be written twice"),
}


def _imported(path: Path) -> str:
    return import_definition(read_definitions(path)[0]).source


@pytest.mark.parametrize(
    "path", [POLLING, TEMPLATE, NATIVES, DISTRIBUTED, JSONATA, *LOW_LEVEL], ids=lambda p: p.name
)
def test_generated_python(path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    assert _imported(path) == snapshot


@pytest.mark.parametrize("path", [POLLING, TEMPLATE, NATIVES, DISTRIBUTED], ids=lambda p: p.name)
def test_round_trip_behaves_the_same(path: Path) -> None:
    definition = read_definitions(path)[0]
    module = import_definition(definition)
    report = verify(definition.asl, recompile(module.source, definition.name))
    assert report.same, "\n".join(d.format() for d in report.differences)
    # Every Choice rule and every Catch got a run of its own.
    assert report.scenarios >= 3


@pytest.mark.parametrize("path", list(LOW_LEVEL), ids=lambda p: p.name)
def test_what_has_no_python_form_is_literal_asl_that_behaves_the_same(path: Path) -> None:
    form, reason = LOW_LEVEL[path]
    definition = read_definitions(path)[0]
    module = import_definition(definition)
    assert module.low_level == 1
    assert form in module.source
    comment = " ".join(
        line.strip().lstrip("# ") for line in module.source.splitlines() if "#" in line
    )
    assert "Literal ASL (flowdsl's low-level form)" in comment and reason in comment
    recompiled = recompile(module.source, definition.name)
    assert recompiled["QueryLanguage"] == definition.asl.get("QueryLanguage", "JSONPath")
    report = verify(definition.asl, recompiled)
    assert report.same, "\n".join(d.format() for d in report.differences)
    # Every original state is still there, under its own name.
    assert set(definition.asl["States"]) <= set(json.dumps(recompiled).split('"'))


def test_literal_asl_assigning_data_gets_an_input_of_another_name() -> None:
    asl = {
        "QueryLanguage": "JSONata",
        "StartAt": "Keep",
        "States": {
            "Keep": {"Type": "Pass", "Assign": {"data": "{% $states.input.n %}"}, "Next": "Show"},
            "Show": {"Type": "Pass", "Output": {"kept": "{% $data %}"}, "End": True},
        },
    }
    definition = Definition("Keeper", asl, "keeper.asl.json")
    module = import_definition(definition)
    assert "def keeper(execution_input: dict):" in module.source
    report = verify(asl, recompile(module.source, "Keeper"))
    assert report.same, "\n".join(d.format() for d in report.differences)


def test_a_state_whose_python_does_not_compile_is_literal_asl_alone() -> None:
    # The Python the import writes for these API Gateway calls does not compile yet (FD134):
    # each of those states is literal ASL, the rest of the workflow stays Python.
    path = CASES.parent / "corpus" / "stepfunction-progress-tracking.asl.json"
    definition = read_definitions(path)[0]
    module = import_definition(definition)
    assert module.low_level == 4
    assert module.source.count("asl_state(") == 4 and "asl_states(" not in module.source
    assert "its Python form does not compile: error[FD134]" in " ".join(
        line.strip().lstrip("# ") for line in module.source.splitlines()
    )
    report = verify(definition.asl, recompile(module.source, definition.name))
    assert report.same, "\n".join(d.format() for d in report.differences)


def test_cli_summary_counts_low_level_forms(tmp_path: Path) -> None:
    out = tmp_path / "flows"
    paths = [str(p) for p in LOW_LEVEL]
    done = run_flowdsl(tmp_path, "import", *paths, str(POLLING), "-o", str(out), "--verify")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("low-level: 1 (literal ASL") == len(LOW_LEVEL)
    assert "polling.py (polling: 10 states)\n" in done.stderr  # native: no low-level part
    done = run_flowdsl(tmp_path, "import", str(JSONATA))
    assert done.returncode == 0 and "asl_states(" not in done.stdout
    assert done.stderr == "jsonata.asl.json: jsonata: 3 states\n"  # native JSONata


def test_every_state_keeps_its_name_and_the_workflow_its_options() -> None:
    definition = read_definitions(TEMPLATE)[0]
    recompiled = recompile(import_definition(definition).source, definition.name)
    assert definition.name == "OrderFlow"
    original_tasks = {n for n, s in definition.asl["States"].items() if s["Type"] != "Pass"}
    assert original_tasks <= set(recompiled["States"])
    assert recompiled["QueryLanguage"] == "JSONPath"
    assert recompiled["Comment"] == "Check an order, then queue it or reject it."


def test_template_placeholders_are_typed_by_the_resources_they_refer_to() -> None:
    source = _imported(TEMPLATE)
    assert 'order_function_arn = Function(arn="${OrderFunctionArn}")' in source
    assert '@workflow(name="OrderFlow", query_language="JSONPath", type="EXPRESS")' in source


def test_the_output_is_formatted_and_lint_clean(tmp_path: Path) -> None:
    from ruff.__main__ import find_ruff_bin

    for path in (POLLING, TEMPLATE, NATIVES, DISTRIBUTED):
        module = tmp_path / f"{path.stem.replace('.', '_')}.py"
        module.write_text(_imported(path), encoding="utf-8")
        ast.parse(module.read_text())
        # Formatted and linted with the configuration of the project it is written in (here:
        # this repository's), so ruff finds nothing to change.
        for args in (["format", "--check"], ["check"]):
            done = subprocess.run(
                [
                    find_ruff_bin(),
                    *args,
                    "--no-cache",
                    "--stdin-filename",
                    "flows/imported.py",
                    "-",
                ],
                input=module.read_text(),
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stdout + done.stderr


def test_verify_finds_a_changed_output_call_and_error() -> None:
    definition = read_definitions(POLLING)[0]
    recompiled = recompile(import_definition(definition).source, definition.name)
    assert verify(definition.asl, recompiled).same

    changed_output = copy.deepcopy(definition.asl)
    changed_output["States"]["Fan Out"]["OutputPath"] = "$.notified"
    assert any(d.what == "output" for d in verify(definition.asl, changed_output).differences)

    changed_call = copy.deepcopy(definition.asl)
    changed_call["States"]["Start Job"]["Parameters"]["Payload"]["input.$"] = "$.job"
    found = verify(definition.asl, changed_call).differences
    assert any(d.what == "calls of 'Start Job'" for d in found)

    changed_error = copy.deepcopy(definition.asl)
    changed_error["States"]["Failed"]["Error"] = "Other.Error"
    assert any(d.what == "error" for d in verify(definition.asl, changed_error).differences)


def test_verify_runs_each_is_present_rule_with_the_field_missing() -> None:
    definition = read_definitions(NATIVES)[0]
    recompiled = recompile(import_definition(definition).source, definition.name)
    # The derived input, the StringMatches rule's, and a run without each IsPresent's field
    # ("Has Items?" on a list index and on a nested field).
    assert verify(definition.asl, recompiled).scenarios == 4
    for rule, field in ((0, "$.order.items[1]"), (1, "$.order.options.other")):
        changed = copy.deepcopy(definition.asl)
        choice = changed["States"]["Has Items?"]["Choices"][rule]
        (choice.get("Not") or choice)["Variable"] = field
        assert not verify(changed, recompiled).same, field


def test_yaml_short_forms_and_definition_strings(tmp_path: Path) -> None:
    asl = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    template = tmp_path / "stack.json"
    template.write_text(
        json.dumps(
            {
                "Resources": {
                    "Machine": {
                        "Type": "AWS::StepFunctions::StateMachine",
                        "Properties": {"DefinitionString": {"Fn::Sub": json.dumps(asl)}},
                    }
                }
            }
        )
    )
    (found,) = read_definitions(template)
    assert found.name == "Machine" and found.asl == asl and found.origin == "stack.json#Machine"

    (tmp_path / "machine.asl.yaml").write_text(
        "StartAt: Done\nStates:\n  Done:\n    Type: Succeed\n"
    )
    sam = tmp_path / "template.yaml"
    sam.write_text(
        "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
        "      DefinitionUri: machine.asl.yaml\n      Role: !GetAtt Role.Arn\n"
    )
    (found,) = read_definitions(sam)
    assert found.asl == asl


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}', "has no AWS::StepFunctions"),
        ('{"hello": 1}', "neither an ASL definition"),
        ("[1, 2]", "expected a JSON or YAML object"),
        ("StartAt: [unclosed", "not valid YAML or JSON"),
    ],
)
def test_bad_input_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(content)
    with pytest.raises(UsageError, match=message):
        read_definitions(path)


def test_invalid_asl_gets_validate_messages() -> None:
    (definition,) = read_definitions(POLLING)
    broken = copy.deepcopy(definition.asl)
    broken["States"]["Wait 10"]["Next"] = "Nowhere"
    with pytest.raises(ImportFailed, match=r"ASL\d+"):
        import_definition(type(definition)("Broken", broken, "broken.asl.json"))


def test_cli_writes_modules_only_when_everything_imports(tmp_path: Path) -> None:
    out = tmp_path / "flows"
    done = run_flowdsl(tmp_path, "import", str(POLLING), str(TEMPLATE), "-o", str(out), "--verify")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["order_flow.py", "polling.py"]
    assert "same behaviour" in done.stderr

    bad = tmp_path / "bad.asl.json"
    bad.write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "x", "End": true}}}'
    )
    elsewhere = tmp_path / "other"
    done = run_flowdsl(tmp_path, "import", str(POLLING), str(bad), "-o", str(elsewhere))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "bad.asl.json" in done.stderr
    assert not elsewhere.exists()


def test_cli_prints_one_module_to_standard_output(tmp_path: Path) -> None:
    done = run_flowdsl(tmp_path, "import", str(POLLING), "--name", "Poller")
    assert done.returncode == 0, done.stderr
    assert '@workflow(name="Poller", query_language="JSONPath")' in done.stdout
    done = run_flowdsl(tmp_path, "import", str(POLLING), str(TEMPLATE))
    assert done.returncode == 2 and "-o DIRECTORY" in done.stderr


@pytest.mark.parametrize(
    ("resource", "integration"),
    [
        ("arn:aws:states:::lambda:invoke", "lambda:invoke"),
        ("arn:${partition}:states:::batch:submitJob.sync", "batch:submitJob.sync"),
        (
            "arn:${AWS::Partition}:states:::athena:startQueryExecution.sync",
            "athena:startQueryExecution.sync",
        ),
        (
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:aws-sdk:s3:getObject",
            "aws-sdk:s3:getObject",
        ),
        ("arn:aws:states:us-east-1:123456789012:activity:Approve", None),
        ("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:F", None),
    ],
)
def test_a_task_resource_names_its_integration_whatever_its_partition(
    resource: str, integration: str | None
) -> None:
    # The partition, region and account of a Task's Resource may be template placeholders
    # (state-task.html: arn:partition:states:region:account:...).
    from flowdsl.importer.calls import integration_of

    assert integration_of(resource) == integration


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": {"run": 1}}},
            "an ItemBatcher with BatchInput, MaxItemsPerBatch: flowdsl's batch_size= says "
            "MaxItemsPerBatch only",
        ),
        (
            {"ToleratedFailureCountPath": "$.limit"},
            "a Distributed Map with ToleratedFailureCountPath",
        ),
        ({"ItemsPath": "$.keys"}, "a Distributed Map with both ItemReader and ItemsPath"),
    ],
)
def test_what_a_distributed_map_cannot_say_is_literal_asl_saying_why(
    change: dict, message: str
) -> None:
    definition = read_definitions(DISTRIBUTED)[0]
    definition.asl["States"]["Score Rows"].update(change)
    definition.asl["States"]["Score Rows"].pop("ToleratedFailureCount")
    module = import_definition(definition)
    assert module.low_level == 1
    assert "state 'Score Rows': " + message in comments(module.source)
    assert verify(definition.asl, recompile(module.source, definition.name)).same


def test_a_project_with_its_own_isort_settings_gets_its_import_order(tmp_path: Path) -> None:
    # The import writes ruff's default isort order and skips ruff's fixing pass where that is
    # the project's order; a project that configures isort gets the pass and its own order.
    from flowdsl.importer import formatted

    source = "from flowdsl import Function, workflow\n\nf = Function('F')\n"
    plain = tmp_path / "plain"
    plain.mkdir()
    assert formatted(source, str(plain / "flow.py")).startswith(
        "from flowdsl import Function, workflow\n"
    )
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "ruff.toml").write_text("[lint.isort]\nforce-single-line = true\n", encoding="utf-8")
    assert formatted(source, str(custom / "flow.py")).startswith(
        "from flowdsl import Function\nfrom flowdsl import workflow\n"
    )
    extended = tmp_path / "extended"
    extended.mkdir()
    (extended / "ruff.toml").write_text('extend = "../custom/ruff.toml"\n', encoding="utf-8")
    assert formatted(source, str(extended / "flow.py")).startswith(
        "from flowdsl import Function\nfrom flowdsl import workflow\n"
    )
