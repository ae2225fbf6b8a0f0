"""`flowdsl deploy` end to end against moto in server mode: stacks, state machines and roles
exist with the compiled definitions and policies, a second deploy is a no-op, an update
changes the stack, a failure names the resource and its reason, `--env prod` deploys prod."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.conftest import ROOT, run_flowdsl

SEEDS = [
    "BookstoreOrderFlow",
    "InventoryStateMachine",
    "MessagingStateMachine",
    "OrderFulfillmentStateMachine",
]
# moto's account and region, as CloudFormation's pseudo parameters resolve them there.
PSEUDO = {
    "AWS::AccountId": "123456789012",
    "AWS::Region": "us-east-1",
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
}


def _client(service: str, env: dict[str, str]) -> Any:
    return boto3.client(
        service,
        endpoint_url=env["AWS_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _resolve(text: str, values: dict[str, str]) -> str:
    """`${X}` replaced as CloudFormation's Fn::Sub does, values themselves resolved first."""
    table = {**PSEUDO, **{k: _resolve(v, {}) for k, v in values.items()}}
    return re.sub(r"\$\{([^}]*)\}", lambda m: table[m.group(1)], text)


def _state_machine(env: dict[str, str], name: str) -> dict[str, Any]:
    sfn = _client("stepfunctions", env)
    (found,) = [m for m in sfn.list_state_machines()["stateMachines"] if m["name"] == name]
    described: dict[str, Any] = sfn.describe_state_machine(stateMachineArn=found["stateMachineArn"])
    return described


def _role_policy(env: dict[str, str], role_arn: str) -> dict[str, Any]:
    iam = _client("iam", env)
    role = role_arn.rsplit("/", 1)[1]
    (name,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    if isinstance(document, str):
        # moto keeps a policy its CloudFormation created as the text of a Python dict.
        import ast

        document = ast.literal_eval(document)
    assert isinstance(document, dict)
    return document


def _expected_policy(path: Path, stack: str, name: str) -> dict[str, Any]:
    text = path.read_text().replace(f":stateMachine:{name}", f":stateMachine:{stack}")
    return json.loads(_resolve(text, {}))


def _as_lists(policy: dict[str, Any]) -> list[dict[str, Any]]:
    """Statements with Action/Resource as lists (IAM may return a lone item as a string)."""
    out = []
    for statement in policy["Statement"]:
        out.append(
            {
                k: [v] if k in ("Action", "Resource") and isinstance(v, str) else v
                for k, v in statement.items()
            }
        )
    return out


def test_the_seed_workflows_deploy_and_a_second_deploy_changes_nothing(
    aws_env: dict[str, str],
) -> None:
    first = run_flowdsl(ROOT, "deploy", "--stack-name-prefix", "seeds-", env=aws_env)
    assert first.returncode == 0, first.stderr
    for name in SEEDS:
        stack = f"seeds-{name}"
        assert f"{name}: created" in first.stdout
        machine = _state_machine(aws_env, stack)
        generated = ROOT / "generated" / name
        substitutions = json.loads((generated / "substitutions.json").read_text())
        compiled = (generated / "definition.asl.json").read_text()
        assert json.loads(machine["definition"]) == json.loads(_resolve(compiled, substitutions))
        assert "${" not in machine["definition"]
        deployed = _role_policy(aws_env, machine["roleArn"])
        expected = _expected_policy(generated / "role-policy.json", stack, name)
        assert _as_lists(deployed) == _as_lists(expected)
    second = run_flowdsl(ROOT, "deploy", "--stack-name-prefix", "seeds-", env=aws_env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(": no changes") == len(SEEDS), second.stdout


def _project(tmp: Path, flow: str, environments: str = "") -> Path:
    (tmp / "flows").mkdir(exist_ok=True)
    (tmp / "flows" / "shop.py").write_text(textwrap.dedent(flow))
    (tmp / "pyproject.toml").write_text(
        '[tool.flowdsl]\nflows = "flows"\ngenerated = "generated"\n' + environments
    )
    return tmp


def _compile(project: Path) -> None:
    done = run_flowdsl(project, "compile")
    assert done.returncode == 0, done.stderr


SHOP = """
    from flowdsl import Function, Queue, workflow

    orders = Queue("Orders")
    check = Function("CheckOrder")

    @workflow(name="Shop")
    def shop(order):
        checked = check(order)  # state: Check
        orders.send_message(MessageBody=checked)  # state: Send
        return checked
"""


def test_an_update_changes_the_stack_and_says_what_changed(
    tmp_path: Path, aws_env: dict[str, str]
) -> None:
    project = _project(tmp_path, SHOP)
    _compile(project)
    first = run_flowdsl(project, "deploy", "--stack-name-prefix", "upd-", env=aws_env)
    assert first.returncode == 0, first.stderr
    changed = SHOP.replace(
        "        return checked\n",
        "        wait(seconds=5)  # state: Pause\n        return checked\n",
    ).replace("import Function,", "import Function, wait,")
    _project(tmp_path, changed)
    _compile(project)
    dry = run_flowdsl(project, "deploy", "--dry-run", "--stack-name-prefix", "upd-", env=aws_env)
    assert dry.returncode == 0, dry.stderr
    assert "'Pause' added (Wait)" in dry.stdout and "dry run, would update" in dry.stdout
    assert "Pause" not in _state_machine(aws_env, "upd-Shop")["definition"]
    second = run_flowdsl(project, "deploy", "--stack-name-prefix", "upd-", env=aws_env)
    assert second.returncode == 0, second.stderr
    assert "'Pause' added (Wait)" in second.stdout
    assert "Modify StateMachine (AWS::StepFunctions::StateMachine)" in second.stdout
    assert "Shop: updated" in second.stdout
    assert "Pause" in json.loads(_state_machine(aws_env, "upd-Shop")["definition"])["States"]


def test_env_prod_deploys_the_prod_role_and_values(tmp_path: Path, aws_env: dict[str, str]) -> None:
    prod = (
        "[tool.flowdsl.environments.prod]\n"
        'OrdersQueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/Orders-prod"\n'
        'CheckOrderFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:Check-prod"\n'
    )
    project = _project(tmp_path, SHOP, prod)
    _compile(project)
    done = run_flowdsl(project, "deploy", "Shop", "--env", "prod", env=aws_env)
    assert done.returncode == 0, done.stderr
    machine = _state_machine(aws_env, "Shop-prod")
    definition = machine["definition"]
    assert "Orders-prod" in definition and "function:Check-prod" in definition
    resources = {
        r for s in _as_lists(_role_policy(aws_env, machine["roleArn"])) for r in s["Resource"]
    }
    assert resources == {
        "arn:aws:sqs:us-east-1:123456789012:Orders-prod",
        "arn:aws:lambda:us-east-1:123456789012:function:Check-prod",
    }


def test_a_failing_resource_is_reported_with_its_reason(
    tmp_path: Path, aws_env: dict[str, str]
) -> None:
    project = _project(tmp_path, SHOP)
    _compile(project)
    # A stack name may be 128 characters, a state machine's name only 80: the StateMachine
    # resource fails and the stack does not reach CREATE_COMPLETE.
    prefix = "a" * 90
    done = run_flowdsl(project, "deploy", "--stack-name-prefix", prefix, env=aws_env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Shop: failed: while changing" in done.stderr
    assert "StateMachine (AWS::StepFunctions::StateMachine)" in done.stderr
    assert "Member must have length less than or equal to 80" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NoSuchWorkflow"], "unknown workflow 'NoSuchWorkflow'"),
        (["--env", "nowhere"], "unknown environment 'nowhere'"),
        (["--stack-name-prefix", "9-"], "--stack-name-prefix"),
    ],
)
def test_bad_usage_exits_2_with_a_message(
    args: list[str], message: str, aws_env: dict[str, str]
) -> None:
    done = run_flowdsl(ROOT, "deploy", *args, env=aws_env)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_no_credentials_exits_2(aws_env: dict[str, str]) -> None:
    env = {
        k: v for k, v in aws_env.items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    }
    done = run_flowdsl(ROOT, "deploy", "--dry-run", env=env)
    assert done.returncode == 2 and "no AWS credentials" in done.stderr, done.stderr


def test_a_placeholder_without_a_value_is_bad_usage(
    tmp_path: Path, aws_env: dict[str, str]
) -> None:
    flow = """
        from flowdsl import Function, workflow

        payments = Function(arn="${PaymentsFunctionArn}")

        @workflow(name="Pay")
        def pay(order):
            return payments(order)  # state: Charge
    """
    project = _project(tmp_path, flow)
    _compile(project)
    done = run_flowdsl(project, "deploy", env=aws_env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "${PaymentsFunctionArn} has no value" in done.stderr
    shutil.rmtree(project / "generated")
    missing = run_flowdsl(project, "deploy", env=aws_env)
    assert missing.returncode == 2 and "run `flowdsl compile` first" in missing.stderr


def test_region_option_deploys_there_with_that_regions_values(aws_env: dict[str, str]) -> None:
    done = run_flowdsl(
        ROOT,
        "deploy",
        "InventoryStateMachine",
        "--region",
        "eu-west-1",
        "--stack-name-prefix",
        "region-",
        env=aws_env,
    )
    assert done.returncode == 0, done.stderr
    assert "in eu-west-1" in done.stdout
    sfn = boto3.client(
        "stepfunctions",
        endpoint_url=aws_env["AWS_ENDPOINT_URL"],
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    (machine,) = [
        m
        for m in sfn.list_state_machines()["stateMachines"]
        if m["name"] == "region-InventoryStateMachine"
    ]
    definition = sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"])
    assert "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders" in definition["definition"]
