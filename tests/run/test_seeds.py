"""The seed tutorials' definitions (001 inventory callback, 003 bookstore order flow) run with mocks."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.testing import error, lambda_payload, run_workflow, token_failure, token_success

from .conftest import seed_definition

# -- 001: SQS callback (.waitForTaskToken) -------------------------------------------------------


def test_inventory_callback_success() -> None:
    execution = run_workflow(
        seed_definition("001"),
        {"order": 1},
        {"Check Inventory": token_success("Callback task completed successfully.")},
    )
    execution.assert_succeeded(output="Callback Task started by Step Functions succeeded")
    execution.assert_path("Check Inventory", "Notify Success")
    sent = execution.arguments_of("Check Inventory")[0]
    assert sent["QueueUrl"] == "<INSERT SQS QUEUE URL HERE>"
    assert sent["MessageBody"]["MessageTitle"] == "Callback Task started by Step Functions"
    assert sent["MessageBody"]["TaskToken"].startswith("token-")


@pytest.mark.parametrize(
    "answer", [token_failure("Inventory.OutOfStock", "none left"), error("States.Timeout")]
)
def test_inventory_callback_failure(answer: Any) -> None:
    execution = run_workflow(seed_definition("001"), {}, {"Check Inventory": answer})
    execution.assert_succeeded(output="Callback Task started by Step Functions failed")
    execution.assert_path("Check Inventory", "Notify Failure")


# -- 003: bookstore order flow (lambda:invoke, Choice, Parallel of four branches) ----------------
# The mocks re-implement the tutorial's Node.js functions; lambda:invoke wraps them in Payload.


def _fn(body: Any) -> Any:
    return lambda arguments: lambda_payload(body(arguments["Payload"])).answer(None)  # type: ignore[arg-type]


BOOKSTORE = {
    "CheckInventory": _fn(lambda e: {"ItemStock": 20 if str(e.get("bookId")) == "343222" else 0}),
    "OrderPrint": _fn(lambda e: {"TotalValue": 500}),
    "CheckFurtherDiscountEligibility": _fn(
        lambda e: {"Discount": 20 if e.get("TotalValue", 0) > 400 else 10}
    ),
    "GenerateDiscountCode": _fn(
        lambda e: {"DiscountCode": "Hello20" if e["Discount"] > 20 else "Hello10"}
    ),
    # JavaScript drops an undefined TotalValue when the result is serialised
    "UpdateLoyaltyPoints": _fn(
        lambda e: {"LoyaltyPoints": e["TotalValue"]} if "TotalValue" in e else {}
    ),
    "PrepareOrder": _fn(lambda e: {"Shipmsg": "Order Prepared - Ready for Shipment"}),
    "SendToShipment": _fn(lambda e: {"ShipmentSent": "True"}),
    "UpdateRecoEngine": _fn(lambda e: {"RecoengineUpdated": "True"}),
}
BRANCHES = [
    "CheckFurtherDiscountEligibility",
    "GenerateDiscountCode",
    "UpdateLoyaltyPoints",
    "PrepareOrder",
    "SendToShipment",
    "UpdateRecoEngine",
]


def test_bookstore_in_stock() -> None:
    execution = run_workflow(
        seed_definition("003"), {"orderId": "123", "bookId": "343222"}, BOOKSTORE
    )
    execution.assert_path(
        "Order Handling", "CheckInventory", "Choice", "Pass", "Parallel", *BRANCHES, "Order Handled"
    )
    execution.assert_succeeded(
        output=[
            {"DiscountCode": "Hello10"},
            {},
            {"ShipmentSent": "True"},
            {"RecoengineUpdated": "True"},
        ]
    )
    execution.assert_called_with(
        "CheckInventory", {"Payload": {"orderId": "123", "bookId": "343222"}}
    )
    execution.assert_called_with("UpdateLoyaltyPoints", {"Payload": {"ItemStock": 20}})


def test_bookstore_out_of_stock_prints_the_book() -> None:
    execution = run_workflow(
        seed_definition("003"), {"orderId": "124", "bookId": "343122"}, BOOKSTORE
    )
    execution.assert_path(
        "Order Handling",
        "CheckInventory",
        "Choice",
        "OrderPrint",
        "Parallel",
        *BRANCHES,
        "Order Handled",
    )
    execution.assert_succeeded(
        output=[
            {"DiscountCode": "Hello10"},
            {"LoyaltyPoints": 500},
            {"ShipmentSent": "True"},
            {"RecoengineUpdated": "True"},
        ]
    )
    assert execution.events("ChoiceMatched")[0]["rule"] == "Default"


def test_bookstore_lambda_without_payload_fails_like_the_tutorial_comment() -> None:
    # The commenter's function returned {"ItemStock": ...} with no Payload wrapper, so
    # OutputPath "$.Payload" selects nothing: States.Runtime, which no Retry or Catch handles.
    execution = run_workflow(
        seed_definition("003"),
        {"orderId": "123", "bookId": "343222"},
        {"CheckInventory": {"result": {"ItemStock": 20}}},
    )
    execution.assert_failed(
        "States.Runtime",
        "An error occurred while executing the state 'CheckInventory'. "
        "Invalid path '$.Payload' : No results for path: $['Payload']",
    )


def test_bookstore_lambda_service_errors_are_retried_six_times_then_fail() -> None:
    execution = run_workflow(
        seed_definition("003"),
        {"bookId": "1"},
        {"CheckInventory": error("Lambda.ServiceException", "unavailable")},
    )
    execution.assert_failed("Lambda.ServiceException", "unavailable")
    assert [r["delay"] for r in execution.events("RetryScheduled")] == [2, 4, 8, 16, 32, 64]
    assert len(execution.arguments_of("CheckInventory")) == 7
