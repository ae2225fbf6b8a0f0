"""Bookstore order flow (seed 003), for sfnx."""

from sfnx import aws, parallel, state_machine

RETRY = [
    {
        "ErrorEquals": [
            aws.optimized.lambda_.errors.ServiceException,
            aws.optimized.lambda_.errors.AWSLambdaException,
            aws.optimized.lambda_.errors.SdkClientException,
        ],
        "IntervalSeconds": 2,
        "MaxAttempts": 6,
        "BackoffRate": 2,
    }
]


@state_machine
def bookstore_order(input):
    """An Order Flow example of the Amazon States Language using Lambda."""
    stock = aws.optimized.lambda_.invoke(
        FunctionName="${checkInventoryFunctionArn}", Payload=input, retry=RETRY
    )
    if stock["Payload"]["ItemStock"] > 0:
        ready = stock["Payload"]
    else:
        printed = aws.optimized.lambda_.invoke(
            FunctionName="${orderToPrintFunctionArn}", Payload=stock["Payload"], retry=RETRY
        )
        ready = printed["Payload"]

    def discount():
        eligibility = aws.optimized.lambda_.invoke(
            FunctionName="${checkFurtherDiscountEligibilityFunctionArn}",
            Payload=ready,
            retry=RETRY,
        )
        code = aws.optimized.lambda_.invoke(
            FunctionName="${generateDiscountCodeFunctionArn}",
            Payload=eligibility["Payload"],
            retry=RETRY,
        )
        return code["Payload"]

    def loyalty():
        points = aws.optimized.lambda_.invoke(
            FunctionName="${updateLoyaltyPointsFunctionArn}", Payload=ready, retry=RETRY
        )
        return points["Payload"]

    def shipment():
        prepared = aws.optimized.lambda_.invoke(
            FunctionName="${prepareOrderFunctionArn}", Payload=ready, retry=RETRY
        )
        shipped = aws.optimized.lambda_.invoke(
            FunctionName="${sendToShipmentFunctionArn}",
            Payload=prepared["Payload"],
            retry=RETRY,
        )
        return shipped["Payload"]

    def recommendations():
        aws.optimized.lambda_.invoke(
            FunctionName="${updateRecoEngineFunctionArn}", Payload=ready, retry=RETRY
        )
        return "Order Handled"

    return parallel(discount, loyalty, shipment, recommendations)
