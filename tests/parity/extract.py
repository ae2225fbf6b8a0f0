"""Extract AWS-recorded Step Functions executions from LocalStack's parity snapshots.

LocalStack's tests (repository localstack/localstack, `tests/aws/services/stepfunctions/v2/`)
keep, beside each test module, a `*.snapshot.json` recorded against real AWS: the execution
history of every run (states entered with input, exited with output, task results, errors).
The snapshot does not hold the definition nor say which template a test used; the test code
does, often after editing the template (placeholders replaced, parametrized files). So this
script pairs them by *running* each test function (from the mirror, in a temporary
directory; nothing of LocalStack is kept) against stand-ins: every LocalStack helper and AWS
client is a harmless fake, except LocalStack's own Step Functions test helpers (real code) and
four calls that record what the test did: `create_state_machine` (the definition),
`start_execution` (which machine ran), `sfn_snapshot.match` (which recorded entry belongs to
which execution) and S3 `put_object` (the objects an ItemReader reads). pytest collects the
tests so each item's node id is exactly the snapshot's key. Recorded histories that no run
pairs are listed in unpaired.json with the reason.

Usage (needs `json5` and pytest; the mirror comes from the search tool's `fetch`):

    python tests/parity/extract.py [/work/.mirror/localstack+localstack/repo]

It rewrites tests/parity/cases/*.json: one file per snapshot file, each case with its
definition, recorded history (or outcome), the S3 objects it read, and provenance (repository,
commit, paths).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import io
import json
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPOSITORY = "localstack/localstack"
DEFAULT_MIRROR = "/work/.mirror/localstack+localstack/repo"
SFN_TESTS = "tests/aws/services/stepfunctions"
UTILS = "localstack-core/localstack/testing/pytest/stepfunctions/utils.py"
OUT = Path(__file__).resolve().parent / "cases"
# Snapshot keys whose value is an execution history.
HISTORY_KEYS = ("get_execution_history", "exec_hist_resp")
SYNC_RESPONSE = "start_execution_sync_response"
RESPONSE_FIELDS = ("status", "output", "error", "cause")
# Keys of a recorded history event that say nothing about the execution's behaviour.
NOISE = {"timestamp", "ResponseMetadata"}


# -- stand-ins for LocalStack and AWS ------------------------------------------------------------


class Fake(str):
    """Any value the test code asks for: every attribute, item and call is another Fake.

    A str so it survives json.dumps and f-strings inside definitions; called with a lone
    function or class it returns it unchanged, so decorators (`@markers.aws.validated`) vanish.
    """

    def __new__(cls, path: str = "fake") -> Fake:
        return super().__new__(cls, path)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name == "stepfunctions" and CURRENT:
            # Any client, however the test made it (a second account's, a factory's), reaches
            # Step Functions through the recorder.
            return CURRENT[-1]
        return Fake(f"{self}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if (
            len(args) == 1
            and not kwargs
            and (inspect.isfunction(args[0]) or inspect.isclass(args[0]))
        ):
            return args[0]
        return Fake(f"{self}()")

    def __getitem__(self, key: Any) -> Any:
        return Fake(f"{self}[{key}]")

    def __or__(self, other: Any) -> Any:  # type annotations such as `Arn | None`
        return self

    __ror__ = __or__

    def __iter__(self) -> Iterator[Any]:
        # Two items: enough for the `name, arn = create_something()` unpacking tests do.
        return iter((Fake(f"{self}[0]"), Fake(f"{self}[1]")))

    def __enter__(self) -> Fake:
        return self

    def __exit__(self, *exc: Any) -> bool:
        return True  # a `with pytest.raises`-like block of a fake swallows what the fake did


class FakeModule(types.ModuleType):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__path__: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("pytest_"):
            raise AttributeError(name)
        return Fake(f"{self.__name__}.{name}")


FAKED = ("localstack", "localstack_snapshot", "rolo", "aws_cdk", "yaml")
FAKED_TESTS = (
    "tests.aws.services.lambda_",
    "tests.aws.services.apigateway",
    "tests.aws.test_notifications",
)


class FakeFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves LocalStack's modules as fakes, except its Step Functions test helpers (real code)."""

    def __init__(self, utils_file: Path) -> None:
        self.utils_file = utils_file

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname == "localstack.testing.pytest.stepfunctions.utils":
            return importlib.util.spec_from_file_location(fullname, self.utils_file)
        if fullname.split(".")[0] in FAKED or fullname.startswith(FAKED_TESTS):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec: Any) -> types.ModuleType:
        return FakeModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        pass


class Recorder:
    """What one test did, in order: machines created, executions started, snapshot matches."""

    def __init__(self) -> None:
        self.machines: dict[str, Any] = {}
        self.executions: list[dict[str, Any]] = []
        self.matches: list[tuple[str, int]] = []  # (key, number of executions started before)
        self.objects: dict[str, str] = {}  # S3 objects the test wrote, by key (ItemReader input)

    def create_state_machine(self, *_: Any, **kwargs: Any) -> dict[str, Any]:
        arn = f"arn:aws:states:us-east-1:111111111111:stateMachine:sm{len(self.machines)}"
        self.machines[arn] = kwargs.get("definition")
        return {"stateMachineArn": arn, "creationDate": Fake("date")}

    def start_execution(self, **kwargs: Any) -> dict[str, Any]:
        machine = str(kwargs.get("stateMachineArn", "")).split("#")[0]
        arn = f"arn:aws:states:us-east-1:111111111111:execution:x:e{len(self.executions)}"
        self.executions.append(
            {"definition": self.machines.get(machine), "input": kwargs.get("input")}
        )
        return {"executionArn": arn, "startDate": Fake("date")}


class FakeStepFunctions(Fake):
    recorder: Recorder

    def create_state_machine(self, **kwargs: Any) -> dict[str, Any]:
        return self.recorder.create_state_machine(**kwargs)

    def start_execution(self, **kwargs: Any) -> dict[str, Any]:
        return self.recorder.start_execution(**kwargs)

    def start_sync_execution(self, **kwargs: Any) -> dict[str, Any]:
        return self.recorder.start_execution(**kwargs)


class FakeS3(Fake):
    recorder: Recorder

    def put_object(self, **kwargs: Any) -> dict[str, Any]:
        body = kwargs.get("Body")
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        if isinstance(body, str) and not isinstance(body, Fake):
            self.recorder.objects[str(kwargs.get("Key"))] = body
        return {"ETag": Fake("etag")}


class FakeClients(Fake):
    stepfunctions: FakeStepFunctions
    stepfunctions_client: FakeStepFunctions
    s3: FakeS3


class FakeSnapshot(Fake):
    recorder: Recorder

    def match(self, key: str, value: Any = None) -> None:
        self.recorder.matches.append((key, len(self.recorder.executions)))


CURRENT: list[FakeStepFunctions] = []


def fixtures_for(recorder: Recorder) -> dict[str, Any]:
    sfn = FakeStepFunctions("aws_client.stepfunctions")
    sfn.recorder = recorder
    CURRENT[:] = [sfn]
    clients = FakeClients("aws_client")
    clients.stepfunctions = sfn
    clients.stepfunctions_client = sfn
    clients.s3 = FakeS3("aws_client.s3")
    clients.s3.recorder = recorder
    snapshot = FakeSnapshot("sfn_snapshot")
    snapshot.recorder = recorder
    return {
        "aws_client": clients,
        "aws_client_no_sync_prefix": clients,
        "target_aws_client": clients,
        "create_state_machine": recorder.create_state_machine,
        "sfn_snapshot": snapshot,
        "snapshot": snapshot,
    }


# -- collection and running ----------------------------------------------------------------------


class Collector:
    def __init__(self) -> None:
        self.items: list[Any] = []

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.items = list(items)


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(*_: Any) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_item(item: Any) -> Recorder:
    recorder = Recorder()
    fixtures = fixtures_for(recorder)
    params = getattr(getattr(item, "callspec", None), "params", {})
    function = item.obj
    arguments = {}
    for name in inspect.signature(function).parameters:
        if name in params:
            arguments[name] = params[name]
        elif name in fixtures:
            arguments[name] = fixtures[name]
        elif name != "self":
            arguments[name] = Fake(name)
    try:
        with time_limit(5):
            function(**arguments)
    except KeyboardInterrupt:
        raise
    except BaseException:
        pass
    return recorder


def export(mirror: str, commit: str, into: Path) -> None:
    archive = subprocess.run(
        [
            "git",
            f"--git-dir={mirror}",
            "archive",
            commit,
            SFN_TESTS,
            UTILS,
            "tests/__init__.py",
            "tests/aws/__init__.py",
            "tests/aws/services/__init__.py",
        ],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "pytest.ini").write_text("[pytest]\n")


def collect(root: Path) -> list[Any]:
    import pytest

    collector = Collector()
    args = [
        str(root / SFN_TESTS / "v2"),
        "--collect-only",
        "-q",
        "-c",
        str(root / "pytest.ini"),
        "--rootdir",
        str(root),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:syrupy",
        "-W",
        "ignore",
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        pytest.main(args, plugins=[collector])
    return collector.items


# -- pairing recorded entries with executions ---------------------------------------------------


# Fields of history event details that AWS sends as JSON texts. LocalStack's snapshot parsed
# those holding an object but left arrays and scalars as text (`"[1]"`, `"\\"Hello\\""`);
# parse them too, so every recorded value is JSON. A text that an anonymising transformer
# rewrote (`"date"`) does not parse and stays a string.
JSON_TEXTS = {"input", "output", "parameters"}


def as_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _field(key: str, value: Any) -> Any:
    if key in JSON_TEXTS:
        return as_json(value)
    if key == "cause" and isinstance(value, dict | list):
        # The snapshot parsed a cause holding a JSON object (a Lambda error); a cause is text.
        return json.dumps(value)
    return value


def clean_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for event in events:
        kept = {k: v for k, v in event.items() if k not in NOISE}
        for key, details in kept.items():
            if key.endswith("EventDetails") and isinstance(details, dict):
                kept[key] = {k: _field(k, v) for k, v in details.items()}
        cleaned.append(kept)
    return cleaned


def cases_of(node: str, recorded: dict[str, Any], recorder: Recorder) -> Iterator[dict[str, Any]]:
    # A key matched twice keeps its last value in the snapshot.
    last = {key: started for key, started in recorder.matches}
    for key, started in last.items():
        value = recorded.get(key)
        if key.startswith(HISTORY_KEYS) and isinstance(value, dict) and "events" in value:
            if not started:
                continue
            execution = recorder.executions[started - 1]
            yield {
                "id": f"{node}::{key}",
                "key": key,
                "definition": execution["definition"],
                "history": clean_events(value["events"]),
                **({"objects": dict(recorder.objects)} if recorder.objects else {}),
            }
        elif key == SYNC_RESPONSE and isinstance(value, dict) and started:
            # An Express workflow started with StartSyncExecution: no history, only the outcome.
            execution = recorder.executions[started - 1]
            yield {
                "id": f"{node}::{key}",
                "key": key,
                "definition": execution["definition"],
                "input": as_json(value.get("input")),
                "response": {k: as_json(value.get(k)) for k in RESPONSE_FIELDS if k in value},
            }
        elif key == "cases" and isinstance(value, list):
            # Choice-operator tests: one execution per case, only its input and output recorded.
            begin = started - len(value)
            for index, case in enumerate(value):
                execution = recorder.executions[begin + index]
                yield {
                    "id": f"{node}::{key}[{index}]",
                    "key": key,
                    "definition": execution["definition"],
                    "input": as_json(case.get("input")),
                    "output": as_json(case.get("output")),
                }


def unpaired(snapshots: dict[str, dict[str, Any]], paired: set[str], run: set[str]) -> list[Any]:
    """Recorded histories no test run reproduced, with the reason (never dropped silently)."""
    left = []
    for _snapshot_file, entries in sorted(snapshots.items()):
        for node, entry in sorted(entries.items()):
            for key, value in sorted(entry["recorded-content"].items()):
                if not (key.startswith(HISTORY_KEYS) and isinstance(value, dict)):
                    continue
                if f"{node}::{key}" in paired:
                    continue
                reason = (
                    "the test started no execution before recording this history"
                    if node in run
                    else "stale recording: no test has this id at this commit"
                )
                left.append({"id": f"{node}::{key}", "reason": reason})
    return left


def main() -> None:
    mirror = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MIRROR
    commit = subprocess.run(
        ["git", f"--git-dir={mirror}", "rev-parse", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    threading.Thread.start = lambda self: None  # type: ignore[method-assign]  # callback workers
    time.sleep = lambda _seconds: None  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        export(mirror, commit, root)
        sys.meta_path.insert(0, FakeFinder(root / UTILS))
        sys.path.insert(0, str(root))
        items = collect(root)
        by_file: dict[str, list[dict[str, Any]]] = {}
        snapshots: dict[str, dict[str, Any]] = {}
        for path in sorted((root / SFN_TESTS / "v2").rglob("*.snapshot.json")):
            snapshots[str(path.relative_to(root))] = json.loads(path.read_text())
        run: set[str] = set()
        for item in items:
            node = item.nodeid
            test_file = node.split("::")[0]
            snapshot_file = test_file.removesuffix(".py") + ".snapshot.json"
            entry = snapshots.get(snapshot_file, {}).get(node)
            if entry is None:
                continue
            run.add(node)
            recorder = run_item(item)
            for case in cases_of(node, entry["recorded-content"], recorder):
                by_file.setdefault(snapshot_file, []).append(case)
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    total = 0
    for snapshot_file, cases in sorted(by_file.items()):
        test_file = snapshot_file.removesuffix(".snapshot.json") + ".py"
        document = {
            "provenance": {
                "repository": REPOSITORY,
                "commit": commit,
                "snapshot": snapshot_file,
                "test": test_file,
                "templates": f"{SFN_TESTS}/templates/",
            },
            "cases": cases,
        }
        name = snapshot_file.removeprefix(f"{SFN_TESTS}/v2/").removesuffix(".snapshot.json")
        target = OUT / (name.replace("/", "__") + ".json")
        target.write_text(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        total += len(cases)
    paired = {case["id"] for cases in by_file.values() for case in cases}
    left = unpaired(snapshots, paired, run)
    (OUT.parent / "unpaired.json").write_text(json.dumps(left, indent=1, sort_keys=True) + "\n")
    print(f"{total} recorded executions from {len(by_file)} snapshot files at {commit}")


if __name__ == "__main__":
    main()
