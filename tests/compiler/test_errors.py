"""Rejected constructs: each error has a code, the user's file:line:col, and what to write instead."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.errors import Diagnostic

HEADER = """\
from flowdsl import Fail, Function, Queue, Retry, States, Table, integration, map_over, parallel, wait, workflow

fn = Function("fn")
queue = Queue("q")
table = Table("t")
NOT_JSON = object()


@workflow
def flow(order):
"""
BODY_LINE = HEADER.count("\n") + 1  # the line of the first body statement

# (body, code, line offset in body, column, text the message must contain)
CASES = [
    ("with open('x') as f:\n    pass", "FD104", 0, 5, "'with' blocks"),
    ("global counter", "FD104", 0, 5, "'global'"),
    ("x = lambda: 1", "FD120", 0, 9, "Lambda"),
    ("x = unknown_function(order)", "FD135", 0, 9, "not a service integration"),
    ("x = fn(order)\ny = print(x)", "FD135", 1, 9, "'print'"),
    ("queue.send_message(MessageBodyy='hi')", "FD151", 0, 24, "no parameter 'MessageBodyy'"),
    ("queue.send_message()", "FD152", 0, 5, "needs MessageBody"),
    ("fn(order, FunctionName='other')", "FD154", 0, 28, "filled in from the declared resource"),
    ("table.put_item(Item={'k': {'S': 'v'}}, ReturnValues=5)", "FD158", 0, 57, "takes a string"),
    ("fn(order, retries=3)", "FD150", 0, 15, "did you mean 'retry'"),
    ("table.put_item(Item={}, callback=True)", "FD156", 0, 29, "does not support"),
    ("x = order.total", "FD125", 0, 9, "order['total']"),
    ("x = undefined_name", "FD123", 0, 9, "unknown name 'undefined_name'"),
    ("x = NOT_JSON", "FD122", 0, 9, "not a value"),
    ("x = fn(order) + 1", "FD133", 0, 9, "assign its result to a variable first"),
    ("for a, b in order['pairs']:\n    fn(a)", "FD118", 0, 9, "enumerate"),
    ("total = 0\nfor x in order['items']:\n    total = total + 1", "FD172", 2, 9, "Map state"),
    ("raise ValueError('x')", "FD113", 0, 11, 'raise Fail("Error", "cause")'),
    (
        "try:\n    fn(order)\nexcept ValueError:\n    pass",
        "FD161",
        2,
        12,
        "not an error a workflow",
    ),
    ("try:\n    fn(order)\nfinally:\n    fn(order)", "FD119", 3, 9, "finally"),
    (
        "try:  # state: Guard\n    fn(order)\nexcept Exception:\n    pass",
        "FD192",
        0,
        11,
        "names no",
    ),
    ("if order['x']:\n    fn(order)\nelse:  # state: No\n    pass", "FD192", 2, 12, "no state"),
    ("while True:\n    break\nelse:\n    pass", "FD114", 3, 9, "else"),
    ("fn(order, retry=Retry(max_attempts=order['n']))", "FD140", 0, 40, "known at compile time"),
    ("wait(minutes=3)", "FD108", 0, 5, "seconds=... or until=..."),
    ("x = parallel(lambda: 1)", "FD110", 0, 18, "function defined inside the workflow"),
    ("x = 'a' + 1", "FD128", 0, 9, "cannot add a string and a number"),
    ("if order is 3:\n    pass", "FD129", 0, 8, "`is` only compares with None"),
    ("assert order", "FD104", 0, 5, "raise Fail"),
    ("states = 1", "FD171", 0, 5, "cannot be an ASL variable name"),
    ("fn(order, timeout_seconds=0)", "FD159", 0, 31, "positive whole number"),
    ("for x in map_over(order['items'], limit=3):\n    fn(x)", "FD117", 0, 39, "no option 'limit'"),
    ("r = fn.invoke(order)\nx = r['Statuscode']", "FD162", 1, 11, "did you mean 'StatusCode'"),
    ("def p(x):\n    return x\ny = [p(x, 1) for x in order['a']]", "FD116", 2, 10, "takes 1 arg"),
    ("r = []\nfor x in order['a']:\n    return x", "FD112", 2, 9, "return inside a for loop"),
    ("order.pop('x')", "FD170", 0, 5, "read the item, then del x[key]"),
    ("x = f\"{order['n']:e}\"", "FD131", 0, 9, "the format spec 'e'"),
    ("x = f\"{order['n']:{order['w']}}\"", "FD131", 0, 9, "computed at run time"),
    ("x = f\"{order['n']:.2d}\"", "FD131", 0, 9, "a precision with d"),
    ('x = f"{order!r}"', "FD131", 0, 9, "!r and !a"),
    ("raise", "FD113", 0, 5, "only allowed in an except block"),
    (
        "integration('http:invoke', ApiEndpoint='https://x', Method='GET',\n"
        "    Authentication={'ConnectionArn': 'c'}, InvocationConfig={'ConnectionArn': 'c'})",
        "FD152",
        1,
        65,
        ", not both",
    ),
    ("x = order['a'][::0]", "FD126", 0, 22, "cannot be zero"),
    ("x = order['a'][::order['k']]", "FD126", 0, 22, "written in the flow"),
    ("raise Fail('E', 'c', 'x')", "FD113", 0, 26, "an error name and a cause"),
    ("order['items'][1:2] = []", "FD170", 0, 20, "assigning or deleting a slice"),
    ("del order", "FD170", 0, 9, "'del' of a variable"),
    ("NOT_JSON['x'] = 1", "FD170", 0, 5, "only a workflow variable, or an item of one"),
    ("x = {**order, **[1]}", "FD138", 0, 21, "only a dict can be merged into a dict, not a array"),
    ("x = order | 'a'", "FD127", 0, 17, "| applies to dicts here"),
    ("x = 'a'\nx.append(1)", "FD170", 1, 5, ".append() applies to a array, not a string"),
    ("x = isinstance(order, set)", "FD142", 0, 27, "str, int, float, bool, list, dict"),
    ("import json", "FD104", 0, 5, "module level"),
    (
        "def b():\n    order['x'] = 1\n    return order\nx = parallel(b)",
        "FD173",
        1,
        9,
        "a parallel branch cannot change 'order'",
    ),
]


def write_flow(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "flows" / "broken.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.indent(body, "    ") + "\n", encoding="utf-8")
    return path


def only_diagnostic(tmp_path: Path, name: str, source: str) -> Diagnostic:
    """The one problem compiling flows/NAME with this source reports."""
    path = tmp_path / "flows" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    (diagnostic,) = compile_paths([path], tmp_path).diagnostics
    return diagnostic


@pytest.mark.parametrize(
    ("body", "code", "offset", "column", "text"),
    CASES,
    ids=[c[1] + ":" + c[0].split("\n")[0][:30] for c in CASES],
)
def test_rejected_construct(
    tmp_path: Path, body: str, code: str, offset: int, column: int, text: str
) -> None:
    path = write_flow(tmp_path, body)
    result = compile_paths([path], tmp_path)
    assert result.diagnostics, "expected a compile error"
    first = result.diagnostics[0]
    assert first.code == code, first.format()
    assert first.location is not None
    assert (first.location.path, first.location.line, first.location.column) == (
        "flows/broken.py",
        BODY_LINE + offset,
        column,
    ), first.format()
    assert text in first.message + (first.hint or ""), first.format()


@pytest.mark.parametrize(
    ("expression", "column", "text"),
    [
        ("uuid.uuid4()", 9, "str(uuid.uuid4()) for a random UUID"),
        ("str(uuid.uuid4(4))", 13, "expected 0-0 arguments"),
        ("uuid.uuid1()", 9, "uuid.uuid1() cannot be called"),
    ],
)
def test_a_uuid_is_the_text_of_uuid4(
    tmp_path: Path, expression: str, column: int, text: str
) -> None:
    # A bare uuid4() is a UUID object, no JSON value: str() of it is the random UUID's text.
    source = f"import uuid\n\nfrom flowdsl import workflow\n\n\n@workflow\ndef flow(order):\n    x = {expression}\n    return x\n"
    (first,) = _compiled(tmp_path, source).diagnostics
    assert first.location is not None
    assert (first.location.line, first.location.column) == (8, column), first.format()
    assert text in first.message + (first.hint or ""), first.format()


def test_every_error_in_a_workflow_is_reported(tmp_path: Path) -> None:
    path = write_flow(tmp_path, "x = nope_one\ny = fn(order)\nz = nope_two")
    result = compile_paths([path], tmp_path)
    assert [(d.code, d.location.line if d.location else 0) for d in result.diagnostics] == [
        ("FD123", BODY_LINE),
        ("FD123", BODY_LINE + 2),
    ]


def test_no_fd192_for_the_comment_of_a_statement_that_failed(tmp_path: Path) -> None:
    # A failed statement made no state; its `# state:` comment is not a second problem.
    body = "x = nope  # state: Read\nif order['y']:  # state: Test\n    y = also_nope(order)  # state: Y"
    result = compile_paths([write_flow(tmp_path, body)], tmp_path)
    assert [d.code for d in result.diagnostics] == ["FD123", "FD135"]


def test_aws_sfn_is_an_alias_of_aws_stepfunctions(tmp_path: Path) -> None:
    source = (
        "from flowdsl import aws, workflow\n\n\n@workflow\ndef flow(order):\n"
        "    described = aws.sfn.describe_execution(ExecutionArn=order['arn'])\n"
        "    return aws.sfn.start_execution(StateMachineArn=order['sm'], Input=described)\n"
    )
    path = tmp_path / "flows" / "alias.py"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    resources = [s.get("Resource") for s in result.workflows[0].definition["States"].values()]
    assert "arn:aws:states:::aws-sdk:sfn:describeExecution" in resources
    assert "arn:aws:states:::states:startExecution" in resources
    typo = only_diagnostic(
        tmp_path,
        "typo.py",
        source.replace("aws.sfn.describe", "aws.sfm.describe"),
    )
    assert "'sfn'" in (typo.hint or ""), typo.format()


def test_cli_prints_location_caret_and_hint_without_traceback(tmp_path: Path) -> None:
    write_flow(tmp_path, "with open('x') as f:\n    pass")
    second = tmp_path / "flows" / "also_broken.py"
    second.write_text(HEADER + "    x = nope\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", "compile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    err = proc.stderr
    assert f"flows/broken.py:{BODY_LINE}:5: error[FD104]: 'with' blocks" in err
    assert f"flows/also_broken.py:{BODY_LINE}:9: error[FD123]: unknown name 'nope'" in err
    assert "    ^" in err and "= help:" in err
    assert "Traceback" not in err and "flowdsl/" not in err
    assert not (tmp_path / "generated").exists()


def test_import_error_in_flow_module_is_located(tmp_path: Path) -> None:
    diagnostic = only_diagnostic(
        tmp_path, "bad_import.py", "from flowdsl import workflow\n\nx = 1 / 0\n"
    )
    assert diagnostic.code == "FD003" and diagnostic.location is not None
    assert (diagnostic.location.path, diagnostic.location.line) == ("flows/bad_import.py", 3)


def test_syntax_error_is_located(tmp_path: Path) -> None:
    diagnostic = only_diagnostic(tmp_path, "syntax.py", "def broken(:\n    pass\n")
    assert diagnostic.code == "FD002" and diagnostic.location is not None
    assert diagnostic.location.line == 1


def test_duplicate_explicit_state_names(tmp_path: Path) -> None:
    path = write_flow(tmp_path, "fn(order)  # state: Same\nfn(order)  # state: Same")
    (diagnostic,) = compile_paths([path], tmp_path).diagnostics
    assert diagnostic.code == "FD191" and diagnostic.location is not None
    assert diagnostic.location.line == BODY_LINE + 1


SDK_CASES = [
    ("x = aws.s3.list_object_v2(Bucket='b')", "FD163", 9, "did you mean 'list_objects_v2'"),
    ("x = aws.s4.list_buckets()", "FD163", 9, "no AWS service 's4'"),
    ("x = aws.s3.get_object(Bucket='b', Kye='k')", "FD151", 39, "did you mean 'Key'"),
    ("x = aws.s3.get_object(Bucket='b')", "FD152", 9, "needs Key"),
    ("x = aws.s3.list_objects_v2(Bucket='b', MaxKeys='ten')", "FD158", 52, "takes an integer"),
    (
        "x = aws.s3.list_objects_v2(Bucket='b')\ny = x['Content']",
        "FD162",
        11,
        "did you mean 'Contents'",
    ),
    ("x = table.get_item(Key={})\ny = x['Items']", "FD162", 11, "did you mean 'Item'"),
]


@pytest.mark.parametrize(
    ("body", "code", "column", "text"), SDK_CASES, ids=[c[1] + ":" + c[0][:30] for c in SDK_CASES]
)
def test_sdk_and_result_checks(
    tmp_path: Path, body: str, code: str, column: int, text: str
) -> None:
    path = write_flow(tmp_path, body)
    path.write_text("from flowdsl import aws\n" + path.read_text(), encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert result.diagnostics, "expected a compile error"
    first = result.diagnostics[0]
    assert first.code == code, first.format()
    assert first.location is not None and first.location.column == column, first.format()
    assert text in first.message + (first.hint or ""), first.format()


def test_express_workflow_rejects_callback(tmp_path: Path) -> None:
    diagnostic = only_diagnostic(
        tmp_path,
        "express.py",
        "from flowdsl import Queue, context, workflow\n\nq = Queue('q')\n\n\n"
        "@workflow(type='EXPRESS')\ndef flow():\n"
        "    q.send_message(MessageBody=context.task_token, callback=True)\n",
    )
    assert diagnostic.code == "FD164" and diagnostic.location is not None
    assert (diagnostic.location.line, diagnostic.location.column) == (8, 52)
    assert "Express" in diagnostic.message


def test_underivable_iam_action_is_an_error_at_the_call(tmp_path: Path) -> None:
    diagnostic = only_diagnostic(
        tmp_path,
        "apis.py",
        "from flowdsl import aws, workflow\n\n\n@workflow\ndef apis():\n"
        "    return aws.apigateway.get_rest_apis()\n",
    )
    assert diagnostic.code == "FD200" and diagnostic.location is not None
    assert diagnostic.location.line == 6
    assert diagnostic.hint and "[tool.flowdsl.iam.Apis] actions" in diagnostic.hint


@pytest.mark.parametrize(
    ("declaration", "call"),
    [
        ('Function("*")', "x = target(order)"),
        ('Function("arn:aws:lambda:*:123456789012:function:f")', "x = target(order)"),
        ('Queue("arn:aws:sqs:us-east-1:*:orders")', 'target.send_message(MessageBody="a")'),
    ],
)
def test_a_wildcard_resource_is_an_error_at_the_call(
    tmp_path: Path, declaration: str, call: str
) -> None:
    # '*' would grant every resource of the kind (or any region or account): refused, never
    # granted in silence; the hint says how to declare run-time values instead.
    diagnostic = only_diagnostic(
        tmp_path,
        "stars.py",
        f"from flowdsl import Function, Queue, workflow\n\ntarget = {declaration}\n\n\n"
        f"@workflow\ndef stars(order):\n    {call}\n",
    )
    assert diagnostic.code == "FD200" and diagnostic.location is not None
    assert diagnostic.location.line == 8
    assert "contains '*'" in diagnostic.message
    assert diagnostic.hint and "[tool.flowdsl.iam.Stars] resources" in diagnostic.hint


@pytest.mark.parametrize(
    ("call", "code", "text"),
    [
        ('integration("http:invok", Method="GET")', "FD165", "did you mean 'http:invoke'"),
        (
            'integration("http:invoke", ApiEndpoint="https://x", Method="GET")',
            "FD152",
            "takes one of Authentication or InvocationConfig",
        ),
        (
            'integration("http:invoke", ApiEndpoint="https://x", Method="GET", '
            'Authentication={}, Body="x")',
            "FD151",
            "no parameter 'Body'",
        ),
        # Bedrock InvokeModel: the API operation's members plus Step Functions' Input/Output.
        ('integration("bedrock:invokeModel", Body={})', "FD152", "needs ModelId"),
        (
            'integration("bedrock:invokeModel", ModelId="m", Inputs={"S3Uri": "s3://b/k"})',
            "FD151",
            "did you mean 'Input'",
        ),
    ],
)
def test_documented_integrations_check_their_parameters(
    tmp_path: Path, call: str, code: str, text: str
) -> None:
    path = write_flow(tmp_path, f"x = {call}")
    path.write_text("from flowdsl import integration\n" + path.read_text(), encoding="utf-8")
    (diagnostic,) = compile_paths([path], tmp_path).diagnostics
    assert diagnostic.code == code and text in diagnostic.message + (diagnostic.hint or "")


def test_express_workflow_rejects_activities(tmp_path: Path) -> None:
    diagnostic = only_diagnostic(
        tmp_path,
        "express_activity.py",
        "from flowdsl import Activity, workflow\n\nworker = Activity('w')\n\n\n"
        "@workflow(type='EXPRESS')\ndef flow(job):\n    return worker(job)\n",
    )
    assert diagnostic.code == "FD164" and "activities" in diagnostic.message


def test_two_resources_behind_one_placeholder_are_an_error(tmp_path: Path) -> None:
    # Queue("orders") and Queue("Orders") both become ${OrdersQueueUrl}: one value for two.
    source = textwrap.dedent(
        """\
        from flowdsl import Queue, workflow

        first = Queue("Orders")
        second = Queue("orders")


        @workflow
        def flow(order):
            first.send_message(MessageBody="a")
            second.send_message(MessageBody="b")
        """
    )
    diagnostic = only_diagnostic(tmp_path, "twice.py", source)
    assert diagnostic.code == "FD143"
    assert diagnostic.location is not None and diagnostic.location.line == 10
    assert "Queue('orders') and Queue('Orders') both use the placeholder" in diagnostic.message
    assert "${OrdersQueueUrl}" in diagnostic.message


def test_a_callback_the_optimized_integration_cannot_wait_for_uses_the_sdk_one(
    tmp_path: Path,
) -> None:
    # integrate-optimized.html: DynamoDB's optimized integration has no Wait for Callback, the
    # AWS SDK integrations have it (Standard workflows); SQS's optimized one has it.
    source = (
        "from flowdsl import aws, context, workflow\n\n\n@workflow\ndef flow(order):\n"
        "    aws.dynamodb.put_item(TableName='t', Item={'token': {'S': context.task_token}},"
        " callback=True)\n"
        "    aws.dynamodb.put_item(TableName='t', Item={'id': {'S': 'x'}})\n"
        "    return aws.sqs.send_message(QueueUrl='https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody=context.task_token,"
        " callback=True)\n"
    )
    result = _compiled(tmp_path, source)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    resources = [
        s["Resource"] for s in result.workflows[0].definition["States"].values() if "Resource" in s
    ]
    assert resources == [
        "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken",
        "arn:aws:states:::dynamodb:putItem",
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ]


def test_in_a_container_holding_a_list_constant_compiles(tmp_path: Path) -> None:
    # `in` looks up what an earlier isinstance() told of its container; a container holding a
    # list constant cannot be a dict key (found by tests/differential).
    source = (
        "from flowdsl import workflow\n\n\n@workflow\ndef flow(inp):\n"
        "    if isinstance(inp['s'], str) and inp['s'] in (inp['ws'] if inp['f'] else ['']):\n"
        "        return 1\n"
        "    return 2\n"
    )
    assert not _compiled(tmp_path, source).diagnostics


def _compiled(tmp_path: Path, source: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "flows" / "flow.py"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    return compile_paths([path], tmp_path)
