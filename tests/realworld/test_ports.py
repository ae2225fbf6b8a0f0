"""Published workflows (originals/, provenance in originals/PROVENANCE.json) and their flowdsl
ports (ports/) run side by side with the same inputs and services: the happy path, an error
path and a Choice's Default where the workflow has one. Both must end the same way (status,
output, error) after the same Task calls with the same requests, and the port may have at most
1.1 times the original's states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowdsl.testing import StatesError
from tests.realworld.harness import (
    ORIGINALS,
    assert_same,
    original,
    port,
    provenance,
    state_count,
)

PORTS = {
    "retry_backoff": "retry_backoff",
    "path_based_on_data": "path_based_on_data",
    "request_response": "request_response",
    "pagination_loop": "pagination_loop",
    "synchronous_job": "synchronous_job",
    "wait_for_callback": "wait_for_callback",
    "chain_of_responsibility": "chain_of_responsibility",
    "synchronous_api": "synchronous_api",
    "moderated_image_catalog": "moderated_image_catalog",
    "categorization": "categorization",
    "parallel_explicit_failure": "parallel_explicit_failure",
    "common_error_handling": "common_error_handling",
    "release_lock": "release_lock",
    "celebrity_identifier": "celebrity_identifier",
}

# Ports that cannot match their original yet, with the reason (a strict xfail each).
NEEDS: dict[str, str] = {}


def _port_params() -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NEEDS[name]))
        if name in NEEDS
        else name
        for name in sorted(PORTS)
    ]


def fails(error: str, cause: str = "") -> Callable[[Any], Any]:
    def service(request: Any) -> Any:
        raise StatesError(error, cause)

    return service


class answers:
    """A service answering with each value in turn, the last one from then on (an exception
    instance is raised); each run starts again from the first."""

    def __init__(self, *values: Any) -> None:
        self.values = values
        self.reset()

    def reset(self) -> None:
        self.remaining = list(self.values)

    def __call__(self, request: Any) -> Any:
        value = self.remaining.pop(0) if len(self.remaining) > 1 else self.remaining[0]
        if isinstance(value, Exception):
            raise value
        return value


# -- provenance and budgets -----------------------------------------------------------------


def test_every_original_has_its_provenance() -> None:
    known = provenance()
    files = {path.name.removesuffix(".asl.json") for path in ORIGINALS.glob("*.asl.json")}
    assert files == set(known)
    for entry in known.values():
        assert (
            entry.repo.count("/") == 1
            and len(entry.commit) == 40
            and entry.path.endswith((".json", ".yaml"))  # a YAML original is kept as JSON
        )


@pytest.mark.parametrize("name", _port_params())
def test_the_port_has_at_most_1_1_times_the_states(name: str) -> None:
    assert state_count(port(PORTS[name])) <= 1.1 * state_count(original(name))


# -- each workflow: same outcome, same calls --------------------------------------------------


def test_retry_with_exponential_backoff() -> None:
    name, module = "retry_backoff", "retry_backoff"
    flaky = answers(StatesError("Lambda.TooManyRequestsException", "slow down"), {"ok": True})
    assert_same(name, module, {}, {"Generate random response": flaky}, RESOURCES)
    failing = {"Generate random response": fails("Lambda.Unknown", "bug")}
    assert assert_same(name, module, {}, failing, RESOURCES).execution.status == "FAILED"


@pytest.mark.parametrize(
    "event",
    [
        {"type": "Public"},
        {"type": "Private", "value": 0},
        {"type": "Private", "value": 25},
        {"type": "Private", "value": 5},
    ],
)
def test_path_based_on_data(event: dict[str, Any]) -> None:
    ours = assert_same("path_based_on_data", "path_based_on_data", event, {}, RESOURCES)
    assert ours.execution.states_entered[-1] in (
        "NEXT_STATE_ONE",
        "NEXT_STATE_TWO",
        "DEFAULT_STATE",
    )


def test_request_response() -> None:
    sent = {"Send message to SNS": answers({"MessageId": "m-1"})}
    ours = assert_same(
        "request_response", "request_response", {"timer_seconds": 3}, sent, RESOURCES
    )
    assert ours.calls == [
        (
            "Send message to SNS",
            {"TopicArn": "topic", "Message": {"Input": "Hello from Step Functions!"}},
        )
    ]
    down = {"Send message to SNS": fails("SNS.InternalErrorException", "down")}
    assert_same("request_response", "request_response", {"timer_seconds": 0}, down, RESOURCES)


def test_pagination_loop() -> None:
    pages = answers(
        {"Executions": [1], "NextToken": "t1"},
        {"Executions": [2], "NextToken": "t2"},
        {"Executions": [3]},
    )
    services = {"ListExecutions": pages, "List Executions nextPage": pages}
    ours = assert_same("pagination_loop", "pagination_loop", {}, services, RESOURCES)
    assert [state for state, _ in ours.calls].count("List Executions nextPage") == 2
    single = {"ListExecutions": answers({"Executions": []})}
    assert_same("pagination_loop", "pagination_loop", {}, single, RESOURCES)  # the Default
    denied = {"ListExecutions": fails("Sfn.AccessDeniedException", "no")}
    assert_same("pagination_loop", "pagination_loop", {}, denied, RESOURCES)


def test_synchronous_job() -> None:
    published = answers({"MessageId": "m"})
    done = {
        "Submit Batch Job": answers({"JobId": "j", "Status": "SUCCEEDED"}),
        "Notify Success": published,
        "Notify Failure": published,
    }
    ours = assert_same("synchronous_job", "synchronous_job", {}, done, RESOURCES)
    assert ours.execution.states_entered[-1] == "Notify Success"
    failed = {**done, "Submit Batch Job": fails("States.TaskFailed", "job failed")}
    ours = assert_same("synchronous_job", "synchronous_job", {}, failed, RESOURCES)
    assert ours.execution.states_entered[-1] == "Notify Failure"


def test_wait_for_callback() -> None:
    published = answers({"MessageId": "m"})
    services = {
        "Start Task And Wait For Callback": answers({"done": True}),
        "Notify Success": published,
        "Notify Failure": published,
    }
    assert_same("wait_for_callback", "wait_for_callback", {}, services, RESOURCES)
    refused = {**services, "Start Task And Wait For Callback": fails("Worker.Refused", "no")}
    ours = assert_same("wait_for_callback", "wait_for_callback", {}, refused, RESOURCES)
    assert ours.execution.states_entered[-1] == "Notify Failure"


def _dispense(note: int) -> Callable[[Any], Any]:
    def service(request: Any) -> Any:
        notes = request["amount"] // note
        return {
            "amount": request["amount"] - notes * note,
            "dispensed": [*request.get("dispensed", []), notes],
        }

    return service


def test_chain_of_responsibility() -> None:
    services = {
        "Dispense50": _dispense(50),
        "Dispense20": _dispense(20),
        "Dispense10": _dispense(10),
        "Dispense1": _dispense(1),
    }
    ours = assert_same(
        "chain_of_responsibility", "chain_of_responsibility", {"amount": 186}, services, RESOURCES
    )
    assert ours.execution.output == {"amount": 0, "dispensed": [3, 1, 1, 6]}
    retried = {
        **services,
        "Dispense20": answers(
            StatesError("States.TaskFailedId", "jam"), {"amount": 6, "dispensed": [3, 1]}
        ),
    }
    assert_same(
        "chain_of_responsibility", "chain_of_responsibility", {"amount": 186}, retried, RESOURCES
    )
    broken = {**services, "Dispense10": fails("Atm.Empty", "no notes")}
    assert_same(
        "chain_of_responsibility", "chain_of_responsibility", {"amount": 186}, broken, RESOURCES
    )


def test_synchronous_api() -> None:
    numbers = {"numbers": [1, 5, 9]}
    services = {
        "sumFunction": answers({"sum": 15, "n": 3}),
        "AvgFunction": answers({"avg": 5}),
        "MaxMinFunction": answers({"min": 1, "max": 9, "spread": 8}),
    }
    ours = assert_same("synchronous_api", "synchronous_api", numbers, services, RESOURCES)
    assert ours.execution.output == [{"sum": 15}, {"avg": 5}, {"min": 1, "max": 9}]
    broken = {**services, "AvgFunction": fails("Lambda.Unknown", "division by zero")}
    assert_same("synchronous_api", "synchronous_api", numbers, broken, RESOURCES)


def _catalog(labels: list[Any]) -> dict[str, Callable[[Any], Any]]:
    return {
        "Check for inappropriate content": answers({"ModerationLabels": labels}),
        "Notify content moderators": answers({"MessageId": "m"}),
        "Detect objects in image": answers({"Labels": [{"Name": "Cat", "Confidence": 99.5}]}),
        "Record objects in database": answers({}),
        "Detect text in image": answers({"TextDetections": [{"DetectedText": "hi"}]}),
        "Record text in database": answers({"Attributes": {}}),
    }


def test_moderated_image_catalog() -> None:
    image = {"bucket": "photos", "key": "cat.jpg"}
    flagged = assert_same(
        "moderated_image_catalog",
        "moderated_image_catalog",
        image,
        _catalog([{"Name": "Violence"}]),
        RESOURCES,
    )
    assert flagged.execution.states_entered[-1] == "Notify content moderators"
    clean = assert_same(
        "moderated_image_catalog", "moderated_image_catalog", image, _catalog([]), RESOURCES
    )
    assert "Record text in database" in clean.execution.states_entered  # the Default
    broken = {
        **_catalog([]),
        "Detect text in image": fails("Rekognition.InvalidImageFormatException", "bad"),
    }
    assert_same("moderated_image_catalog", "moderated_image_catalog", image, broken, RESOURCES)


def _categorize(text: str) -> dict[str, Callable[[Any], Any]]:
    sent = answers({"MessageId": "m"})
    return {
        "InvokeModel": answers({"Body": {"content": [{"type": "text", "text": text}]}}),
        "SQS Complaints": sent,
        "SQS Billing": sent,
        "SQS Default": sent,
    }


@pytest.mark.parametrize("category", ["COMPLAINT", "BILLING", "UNKNOWN"])
def test_categorization(category: str) -> None:
    ticket = {"message": "I was charged twice", "id": 7}
    ours = assert_same("categorization", "categorization", ticket, _categorize(category), RESOURCES)
    (prompt, _) = ours.calls[0][1]["Body"]["messages"][0]["content"]
    assert prompt["text"] == '{"message":"I was charged twice","id":7}'  # the ticket as JSON text


def test_categorization_model_failure() -> None:
    broken = {**_categorize("BILLING"), "InvokeModel": fails("Bedrock.ThrottlingException", "busy")}
    assert_same("categorization", "categorization", {"message": "x"}, broken, RESOURCES)


def test_parallel_explicit_failure() -> None:
    ok = {"success state": answers({"ok": 1}), "quick fail": answers({"ok": 2})}
    ours = assert_same("parallel_explicit_failure", "parallel_explicit_failure", {}, ok, RESOURCES)
    assert ours.execution.status == "SUCCEEDED"  # the Choice's Default
    caught = {**ok, "quick fail": fails("Custom.QuickFail", "failed fast")}
    ours = assert_same(
        "parallel_explicit_failure", "parallel_explicit_failure", {}, caught, RESOURCES
    )
    assert (ours.execution.error, ours.execution.cause) == ("Custom.QuickFail", "failed fast")


@pytest.mark.parametrize("failing", [None, "Number Lambda", "Odd Lambda", "Even Lambda"])
def test_common_error_handling(failing: str | None) -> None:
    services = {
        "Number Lambda": answers(3),
        "Odd Lambda": answers(True),
        "Even Lambda": answers(False),
        "Common Error Handler": answers("handled"),
    }
    if failing is not None:
        services[failing] = fails("Lambda.Unknown", failing)
    ours = assert_same(
        "common_error_handling", "common_error_handling", {"n": 3}, services, RESOURCES
    )
    output = ours.execution.output
    assert output["n"] == 3 and ("commonErrorLambda" in output) == (failing is not None)


LOCK = {"lock_name": "meeting-42", "lock_entry": "owner-7"}


@pytest.mark.parametrize(
    "event",
    [
        LOCK,
        {"lock_name": "meeting-42"},  # the Choice's Default: Fail InsufficientInput
        {**LOCK, "lock_entry": 7},  # IsString false
        {**LOCK, "lock_name": None},  # IsString false for null
    ],
)
def test_release_lock_tests_the_input_types(event: dict[str, Any]) -> None:
    released = {"Release Lock": answers({"Attributes": {"currentlockcount": {"N": "0"}}})}
    ours = assert_same("release_lock", "release_lock", event, released, RESOURCES)
    if event is LOCK:
        assert ours.execution.output == LOCK  # the input, the update's result left out
        assert ours.calls[0][1]["Key"] == {"LockName": {"S": "meeting-42"}}
    else:
        assert (ours.execution.status, ours.execution.error) == ("FAILED", "InsufficientInput")


def test_release_lock_not_held_is_no_error() -> None:
    not_held = fails("DynamoDB.ConditionalCheckFailedException", "no such owner")
    ours = assert_same("release_lock", "release_lock", LOCK, {"Release Lock": not_held}, RESOURCES)
    assert (ours.execution.status, ours.execution.output) == ("SUCCEEDED", LOCK)
    down = {"Release Lock": fails("DynamoDB.InternalServerErrorException", "down")}
    ours = assert_same("release_lock", "release_lock", LOCK, down, RESOURCES)
    assert len(ours.calls) == 6  # the first try and five retries, then the error


PHOTO = {
    "detail": {"bucket": {"name": "photos"}, "object": {"key": "party.jpg"}},
    "time": "2024-05-01T10:00:00Z",
}
FACES = [
    {"Id": "f1", "Name": "Ada", "MatchConfidence": 99.5},
    {"Id": "f2", "Name": "Bob", "MatchConfidence": 42},
    {"Id": "f3", "Name": "Cy", "MatchConfidence": 90},  # not above 90: passed on
]


@pytest.mark.parametrize("faces", [FACES, []])  # [] is the Choice's other way
def test_celebrity_identifier_branches_in_each_iteration(faces: list[dict[str, Any]]) -> None:
    services = {
        "Recognize celebrities": answers({"CelebrityFaces": faces, "UnrecognizedFaces": []}),
        "Write to database": answers({}),
    }
    ours = assert_same("celebrity_identifier", "celebrity_identifier", PHOTO, services, RESOURCES)
    if faces:
        written = [request["Item"]["Name"]["S"] for _, request in ours.calls[1:]]
        assert written == ["Ada"]
        assert ours.calls[1][1]["Item"]["ObjectLocation"] == {"S": "S3://photos/party.jpg"}
        assert ours.execution.output[1] == {
            "bucket": "photos",
            "key": "party.jpg",
            "time": PHOTO["time"],
            "CelebrityFaces": FACES[1],
        }
    else:
        assert ours.execution.output == {
            **PHOTO,
            "Rekognition": services["Recognize celebrities"].values[0],
        }


def test_celebrity_identifier_failures() -> None:
    throttled = {"Recognize celebrities": fails("Rekognition.ThrottlingException", "slow down")}
    assert_same("celebrity_identifier", "celebrity_identifier", PHOTO, throttled, RESOURCES)
    services = {
        "Recognize celebrities": answers({"CelebrityFaces": FACES, "UnrecognizedFaces": []}),
        "Write to database": fails("DynamoDB.ProvisionedThroughputExceededException", "full"),
    }
    ours = assert_same("celebrity_identifier", "celebrity_identifier", PHOTO, services, RESOURCES)
    assert ours.execution.error == "DynamoDB.ProvisionedThroughputExceededException"


# What each placeholder of the originals' templates and of the ports stands for.
RESOURCES = {
    "${topicArn}": "topic",
    "${NotificationsTopicArn}": "topic",
    "${TopicArn}": "job topic",
    "${JobNotificationsTopicArn}": "job topic",
    "${jobQueueArn}": "job queue",
    "${jobDefinitionArn}": "job definition",
    "${SQSQueue}": "task queue",
    "${TasksQueueUrl}": "task queue",
    "${ResultsTopicArn}": "topic",
    "${CatalogTable}": "catalog",
    "${CatalogTableName}": "catalog",
    "${ModeratorSNSTopic}": "moderators",
    "${ModeratorsTopicArn}": "moderators",
    "${complaintsSubstitution}": "complaints",
    "${ComplaintsQueueUrl}": "complaints",
    "${billingSubstitution}": "billing",
    "${BillingQueueUrl}": "billing",
    "${defaultQueueSubstitution}": "other",
    "${OtherQueueUrl}": "other",
    "${TableSemaphore}": "semaphore",
    "${SemaphoreTableName}": "semaphore",
    "${Table}": "celebrities",
    "${CelebritiesTableName}": "celebrities",
}
