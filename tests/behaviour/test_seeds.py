"""The four seed workflows, compiled from flows/ and run with mocks for their Lambdas, queues and
table: the paths FLOWS.md describes, with what each integration received."""

from __future__ import annotations

from flowdsl.testing import error, lambda_payload, result, token_failure, token_success
from tests.behaviour.conftest import run_flow

ORDER = {"OrderId": "o-7", "CustomerName": "Ada", "Price": 25}


def test_inventory_callback_success() -> None:
    execution = run_flow("inventory", {}, {"Check Inventory": token_success({"inStock": True})})
    execution.assert_succeeded(output="Callback Task started by Step Functions succeeded")
    execution.assert_path("Check Inventory", "Notify Success")
    (arguments,) = execution.arguments_of("Check Inventory")
    assert arguments["QueueUrl"]  # the queue placeholder, substituted for the run
    assert arguments["MessageBody"]["MessageTitle"] == "Callback Task started by Step Functions"
    assert arguments["MessageBody"]["TaskToken"]  # the token the worker must send back


def test_inventory_callback_failure() -> None:
    execution = run_flow(
        "inventory", {}, {"Check Inventory": token_failure("OutOfStock", "no books left")}
    )
    execution.assert_succeeded(output="Callback Task started by Step Functions failed")
    execution.assert_path("Check Inventory", "Notify Failure")


def test_order_is_fulfilled() -> None:
    execution = run_flow(
        "order_fulfillment",
        ORDER,
        {
            "Save Order": result({}),
            "Verify CC and Price": lambda_payload({"StatusCode": 200, "Message": "ok"}),
            "Send to Fulfillment": result({"MessageId": "m-1"}),
        },
    )
    execution.assert_succeeded()
    execution.assert_path(
        "Save Order",
        "Verify CC and Price",
        "Is Order Proper",
        "Send to Fulfillment",
    )
    (saved,) = execution.arguments_of("Save Order")
    assert saved["Item"] == {
        "OrderId": {"S": "o-7"},
        "CustomerName": {"S": "Ada"},
        "Price": {"N": "25"},
    }
    assert execution.arguments_of("Verify CC and Price")[0]["Payload"] == ORDER
    assert execution.arguments_of("Send to Fulfillment")[0]["MessageBody"] == ORDER


def test_improper_order_escalates() -> None:
    execution = run_flow(
        "order_fulfillment",
        {**ORDER, "Price": -1},
        {
            "Save Order": result({}),
            "Verify CC and Price": lambda_payload({"StatusCode": 400, "Message": "bad price"}),
            "Escalate Order": result({"MessageId": "m-2"}),
        },
    )
    execution.assert_succeeded()
    execution.assert_not_entered("Send to Fulfillment")
    (sent,) = execution.arguments_of("Escalate Order")
    assert sent["MessageBody"] == {"Order": {**ORDER, "Price": -1}, "Reason": "bad price"}


def test_failing_lambda_does_not_lose_the_order() -> None:
    execution = run_flow(
        "order_fulfillment",
        ORDER,
        {
            "Save Order": result({}),
            "Verify CC and Price": error("Lambda.ServiceException", "throttled"),
            "Escalate Unverified Order": result({"MessageId": "m-3"}),
        },
    )
    execution.assert_succeeded(output={"MessageId": "m-3"})
    execution.assert_path("Save Order", "Verify CC and Price", "Escalate Unverified Order")
    (sent,) = execution.arguments_of("Escalate Unverified Order")
    assert sent["MessageBody"] == {"Order": ORDER, "Reason": "throttled"}


BOOKSTORE_BRANCHES = {
    "CheckFurtherDiscountEligibility": lambda_payload({"eligible": True}),
    "GenerateDiscountCode": lambda_payload("CODE10"),
    "UpdateLoyaltyPoints": lambda_payload({"points": 10}),
    "PrepareOrder": lambda_payload({"prepared": True}),
    "SendToShipment": lambda_payload({"tracking": "T-1"}),
    "UpdateRecoEngine": lambda_payload(None),
}


def test_bookstore_in_stock_runs_all_four_branches() -> None:
    stock = {"ItemStock": 3, "book": "b-1"}
    execution = run_flow(
        "bookstore",
        {"book": "b-1"},
        {"CheckInventory": lambda_payload(stock), **BOOKSTORE_BRANCHES},
    )
    # The seed's `Order Handled` follows the Parallel: the output is the four branch results,
    # the fourth being updateRecoEngine's answer.
    execution.assert_succeeded(output=["CODE10", {"points": 10}, {"tracking": "T-1"}, None])
    assert execution.states_entered[-1] == "Order Handled"
    execution.assert_not_entered("OrderPrint")
    execution.assert_entered(*BOOKSTORE_BRANCHES, "In Stock", "Order Handled")
    assert execution.arguments_of("UpdateLoyaltyPoints")[0]["Payload"] == stock
    assert execution.arguments_of("GenerateDiscountCode")[0]["Payload"] == {"eligible": True}


def test_bookstore_out_of_stock_prints_first() -> None:
    printed = {"ItemStock": 0, "printed": True}
    execution = run_flow(
        "bookstore",
        {"book": "b-2"},
        {
            "CheckInventory": lambda_payload({"ItemStock": 0}),
            "OrderPrint": lambda_payload(printed),
            **BOOKSTORE_BRANCHES,
        },
    )
    execution.assert_succeeded()
    execution.assert_entered("OrderPrint", *BOOKSTORE_BRANCHES)
    assert execution.arguments_of("PrepareOrder")[0]["Payload"] == printed


def test_bookstore_retries_transient_lambda_errors() -> None:
    from flowdsl.testing import sequence

    execution = run_flow(
        "bookstore",
        {"book": "b-3"},
        {
            "CheckInventory": sequence(
                error("Lambda.ServiceException"),
                error("Lambda.SdkClientException"),
                lambda_payload({"ItemStock": 1}),
            ),
            **BOOKSTORE_BRANCHES,
        },
    )
    execution.assert_succeeded()
    assert len(execution.arguments_of("CheckInventory")) == 3


def test_messaging_processes_both_queues() -> None:
    execution = run_flow(
        "messaging",
        {"messages": [{"type": "alert", "text": "disk"}]},
        {
            "PublishMessages": lambda_payload({"statusCode": 200, "message": "published"}),
            "ProcessNotifications": lambda_payload({"processed": 0}),
            "ProcessAlerts": lambda_payload({"processed": 1}),
        },
    )
    # As the seed's Parallel, the output is the two branch results.
    execution.assert_succeeded(output=[{"processed": 0}, {"processed": 1}])
    (published,) = execution.arguments_of("PublishMessages")
    assert published["Payload"] == {"messages": [{"type": "alert", "text": "disk"}]}
    alerts = execution.arguments_of("ProcessAlerts")[0]["Payload"]
    assert alerts["MessageType"] == "alert"
    assert alerts["MessageBody"] == {"statusCode": 200, "message": "published"}
    notifications = execution.arguments_of("ProcessNotifications")[0]["Payload"]
    assert notifications["MessageType"] == "notification"


def test_messaging_runs_on_the_console_default_input() -> None:
    # The seed's publishing function ignores its input; the console starts with `{}`.
    execution = run_flow(
        "messaging",
        {},
        {
            "PublishMessages": lambda_payload({"statusCode": 200, "message": "published"}),
            "ProcessNotifications": lambda_payload({"processed": 2}),
            "ProcessAlerts": lambda_payload({"processed": 2}),
        },
    )
    execution.assert_succeeded(output=[{"processed": 2}, {"processed": 2}])
    execution.assert_path(
        "PublishMessages", "ProcessMessages", "ProcessNotifications", "ProcessAlerts"
    )
    assert execution.arguments_of("PublishMessages")[0]["Payload"] == {}
