"""Generate a realistic flowdsl repository of many workflows, for benchmarks at monorepo scale.

Each workflow lives in its own module under `flows/` (`<team>_<n>.py`) and is about 20 states
made of a random mix of what production workflows do: Lambda calls with retries, SQS, SNS,
DynamoDB and EventBridge calls, AWS SDK calls across a dozen services, if/elif/else, try/except
with a fallback, parallel branches, maps over lists, polling loops with waits, a nested
workflow now and then, Express and JSONPath workflows. Resources and retry policies are shared
through one private module (`flows/_shared.py`), as teams do. The same seed gives the same
bytes.

Run: python benchmarks/gen_repo.py DEST [--workflows 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable
from pathlib import Path

TEAMS = ("orders", "billing", "shipping", "inventory", "reports", "users", "media", "alerts")
FUNCTIONS = tuple(f"{team}_{verb}" for team in TEAMS for verb in ("validate", "enrich", "apply"))
QUEUES = ("work_queue", "dead_letters", "notifications")
TABLES = ("orders_table", "audit_table", "jobs_table")
TOPICS = ("events_topic", "alerts_topic")

SHARED = '''\
"""Resources and policies every team's workflows share."""

from flowdsl import EventBus, Function, Lambda, Queue, Retry, States, Table, Topic

{functions}
work_queue = Queue("WorkQueue")
dead_letters = Queue("DeadLetters")
notifications = Queue("Notifications")
orders_table = Table("Orders")
audit_table = Table("Audit")
jobs_table = Table("Jobs")
events_topic = Topic("Events")
alerts_topic = Topic("Alerts")
bus = EventBus("platform")

LAMBDA_RETRY = Retry(
    Lambda.ServiceException,
    Lambda.AWSLambdaException,
    Lambda.SdkClientException,
    interval_seconds=2,
    max_attempts=6,
    backoff_rate=2,
)
TASK_RETRY = Retry(States.TaskFailed, max_attempts=3, jitter_strategy="FULL")
'''

PYPROJECT = """\
[project]
name = "generated-monorepo"
version = "0"

[tool.flowdsl]
flows = "flows"
generated = "generated"
"""


class Body:
    """The lines of one workflow body, with fresh variable names and a running state count."""

    def __init__(self, rng: random.Random, jsonpath: bool, express: bool) -> None:
        self.rng = rng
        self.jsonpath = jsonpath
        self.express = express
        self.lines: list[str] = []
        self.states = 0
        self.counter = 0
        self.values = ["event"]  # names a later step may read

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def add(self, states: int, *lines: str, indent: int = 1) -> None:
        self.states += states
        self.lines.extend("    " * indent + line if line else "" for line in lines)

    def value(self) -> str:
        return self.rng.choice(self.values)

    def function(self) -> str:
        return self.rng.choice(FUNCTIONS)


# Each step adds lines to a body and says how many states they make.
def lambda_call(body: Body) -> None:
    name = body.fresh("result")
    body.add(1, f"{name} = {body.function()}({body.value()}, retry=LAMBDA_RETRY)")
    body.values.append(name)


def choice(body: Body) -> None:
    subject = body.value()
    body.add(
        4,
        f'if {subject}["status"] == "REJECTED":',
        f'    {body.rng.choice(QUEUES)}.send_message(MessageBody={{"rejected": {subject}}})',
        f'elif {subject}["priority"] > {body.rng.randint(1, 9)}:',
        f"    {body.function()}({subject})",
        "else:",
        f'    {body.rng.choice(TOPICS)}.publish(Message="routine", Subject="{body.fresh("s")}")',
    )


def table_write(body: Body) -> None:
    table = body.rng.choice(TABLES)
    body.add(
        1,
        f"{table}.put_item(",
        f'    Item={{"Id": {{"S": {body.value()}["id"]}}, "Step": {{"S": "{body.fresh("step")}"}}}}',
        ")",
    )


def table_read(body: Body) -> None:
    name = body.fresh("item")
    table = body.rng.choice(TABLES)
    body.add(1, f'{name} = {table}.get_item(Key={{"Id": {{"S": {body.value()}["id"]}}}})')
    body.values.append(f'{name}["Item"]')


def events(body: Body) -> None:
    body.add(
        1,
        "bus.put_events(",
        f'    Entries=[{{"Source": "{body.fresh("svc")}", "DetailType": "Done", '
        f'"Detail": {body.value()}}}]',
        ")",
    )


# (call, result field to read later or None): spelled as boto3 spells them.
SDK_CALLS = (
    ('aws.s3.list_objects_v2(Bucket="data-{n}", Prefix="in/")', '["KeyCount"]'),
    ('aws.secretsmanager.get_secret_value(SecretId="app/{n}")', '["Name"]'),
    ('aws.ssm.get_parameter(Name="/app/{n}/config")', '["Parameter"]'),
    ("aws.ec2.describe_instances(MaxResults={n})", '["Reservations"]'),
    (
        'aws.cloudwatch.put_metric_data(Namespace="app{n}", MetricData=[{{"MetricName": "runs"}}])',
        None,
    ),
    ('aws.sqs.get_queue_attributes(QueueUrl=work_queue, AttributeNames=["All"])', '["Attributes"]'),
    ('aws.ecs.describe_clusters(Clusters=["c{n}"])', '["Clusters"]'),
    ('aws.kinesis.describe_stream(StreamName="stream-{n}")', '["StreamDescription"]'),
    ("aws.sts.get_caller_identity()", '["Account"]'),
    ('aws.codebuild.batch_get_projects(Names=["p{n}"])', '["Projects"]'),
    ('aws.cloudformation.describe_stacks(StackName="stack-{n}")', '["Stacks"]'),
    ("aws.route53.list_hosted_zones()", '["HostedZones"]'),
)


def sdk_call(body: Body) -> None:
    call, field = body.rng.choice(SDK_CALLS)
    text = call.format(n=body.rng.randint(5, 99))
    if field is None:
        body.add(1, text)
        return
    name = body.fresh("api")
    body.add(1, f"{name} = {text}")
    body.values.append(name + field)


def try_except(body: Body) -> None:
    name = body.fresh("checked")
    body.add(
        3,
        "try:",
        f"    {name} = {body.function()}({body.value()}, retry=LAMBDA_RETRY)",
        "except States.ALL as failure:",
        '    dead_letters.send_message(MessageBody={"error": failure["Error"]})',
        f'    {name} = {{"status": "FAILED"}}',
    )
    body.values.append(name)


def parallel_branches(body: Body) -> None:
    left, right, both = body.fresh("left"), body.fresh("right"), body.fresh("both")
    subject = body.value()
    body.add(
        5,
        f"def {left}():",
        f"    return {body.function()}({subject})",
        "",
        f"def {right}():",
        f'    {body.rng.choice(TABLES)}.put_item(Item={{"Id": {{"S": "{right}"}}}})',
        f"    return {body.function()}({subject}, retry=LAMBDA_RETRY)",
        "",
        f"{both} = parallel({left}, {right})",
    )
    body.values.append(both)


def map_over(body: Body) -> None:
    name = body.fresh("mapped")
    body.add(3, f'{name} = [{body.function()}(x) for x in {body.value()}["items"]]')
    body.values.append(name)


def polling(body: Body) -> None:
    status = body.fresh("status")
    function = body.function()
    body.add(
        4,
        f"{status} = {function}({body.value()})",
        f'while {status}["state"] != "DONE":',
        f"    wait(seconds={body.rng.choice((5, 10, 30, 60))})",
        f"    {status} = {function}({status})",
    )
    body.values.append(status)


def callback(body: Body) -> None:
    if body.express:  # Express workflows cannot wait for a task token
        return lambda_call(body)
    body.add(
        1,
        f"{body.rng.choice(QUEUES)}.send_message(",
        '    MessageBody={"token": context.task_token, "step": "approve"},',
        "    callback=True,",
        "    timeout_seconds=3600,",
        ")",
    )


def assign(body: Body) -> None:
    name = body.fresh("summary")
    body.add(1, f'{name} = {{"source": {body.value()}, "stage": "{body.fresh("stage")}"}}')
    body.values.append(name)


STEPS: tuple[tuple[Callable[[Body], None], int], ...] = (
    (lambda_call, 6),
    (choice, 3),
    (table_write, 2),
    (table_read, 1),
    (events, 1),
    (sdk_call, 4),
    (try_except, 2),
    (parallel_branches, 2),
    (map_over, 2),
    (polling, 1),
    (callback, 1),
    (assign, 1),
)
# JSONPath has no comprehension without a service call, no `+` on unknown types and no
# conditional expressions: its workflows use the steps both query languages say alike.
JSONPATH_STEPS = (lambda_call, choice, table_write, sdk_call, parallel_branches, events)


def workflow_module(index: int, rng: random.Random, children: list[tuple[str, str]]) -> str:
    team = TEAMS[index % len(TEAMS)]
    name = f"{team.title()}Flow{index:04d}"
    function = f"{team}_{index:04d}"
    jsonpath = rng.random() < 0.1
    express = not jsonpath and rng.random() < 0.1
    body = Body(rng, jsonpath, express)
    target = rng.randint(15, 25)
    steps, weights = zip(*STEPS, strict=True)
    while body.states < target:
        if jsonpath:
            rng.choice(JSONPATH_STEPS)(body)
        else:
            rng.choice(rng.choices(steps, weights))(body)
    imports = ""
    if children and not express and not jsonpath and rng.random() < 0.05:
        module, child = rng.choice(children)
        imports = f"from {module} import {child}\n"
        body.add(1, f"nested = {child}({body.value()})")
        body.values.append("nested")
    body.add(1, f'return {{"result": {body.values[-1]}, "flow": "{name}"}}')
    options = [f'name="{name}"']
    if express:
        options.append('type="EXPRESS"')
    if jsonpath:
        options.append('query_language="JSONPath"')
    return (
        f'"""{team.title()} workflow {index} (generated by benchmarks/gen_repo.py)."""\n\n'
        "from _shared import *  # noqa: F403\n"
        f"{imports}"
        "from flowdsl import States, aws, context, parallel, wait, workflow\n\n\n"
        f"@workflow({', '.join(options)})\n"
        f"def {function}(event):\n" + "\n".join(body.lines) + "\n"
    )


def generate(dest: Path, workflows: int, seed: int) -> list[Path]:
    """Write the repository into `dest` (replacing its flows/); the flow files written."""
    rng = random.Random(seed)
    flows = dest / "flows"
    if flows.exists():
        shutil.rmtree(flows)
    flows.mkdir(parents=True)
    (dest / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    functions = "\n".join(f'{f} = Function("{f.replace("_", "-")}")' for f in FUNCTIONS)
    (flows / "_shared.py").write_text(SHARED.format(functions=functions), encoding="utf-8")
    written: list[Path] = []
    children: list[tuple[str, str]] = []
    for index in range(workflows):
        source = workflow_module(index, rng, children)
        team = TEAMS[index % len(TEAMS)]
        path = flows / f"{team}_{index:04d}.py"
        path.write_text(source, encoding="utf-8")
        written.append(path)
        if "type=" not in source and "query_language" not in source and len(children) < 50:
            children.append((path.stem, f"{team}_{index:04d}"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--workflows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.dest, args.workflows, args.seed)
    print(f"{len(files)} workflows in {args.dest / 'flows'}")


if __name__ == "__main__":
    main()
