"""Bookstore order flow (seed 003): check stock, print when out of stock, then four steps at once.

Each step is a Lambda function called through `lambda:invoke`; its result is the function's
return value (the integration's `Payload`), so the seed's `Invalid path '$.Payload'` cannot
happen. Every call retries Lambda's transient errors as the seed does.
"""

from flowdsl import Function, Lambda, Retry, parallel, workflow

LAMBDA_RETRY = Retry(
    Lambda.ServiceException,
    Lambda.AWSLambdaException,
    Lambda.SdkClientException,
    interval_seconds=2,
    max_attempts=6,
    backoff_rate=2,
)

check_inventory = Function("checkInventory")
order_to_print = Function("orderToPrint")
check_further_discount_eligibility = Function("checkFurtherDiscountEligibility")
generate_discount_code = Function("generateDiscountCode")
update_loyalty_points = Function("updateLoyaltyPoints")
prepare_order = Function("prepareOrder")
send_to_shipment = Function("sendToShipment")
update_reco_engine = Function("updateRecoEngine")


@workflow(name="BookstoreOrderFlow")
def bookstore_order(order):  # state: Order Handling
    """An Order Flow example of the Amazon States Language using Lambda."""
    stock = check_inventory(order, retry=LAMBDA_RETRY)  # state: CheckInventory
    if stock["ItemStock"] > 0:  # state: Choice
        ready = stock  # state: In Stock
    else:
        ready = order_to_print(stock, retry=LAMBDA_RETRY)  # state: OrderPrint

    def discount():
        eligibility = check_further_discount_eligibility(  # state: CheckFurtherDiscountEligibility
            ready, retry=LAMBDA_RETRY
        )
        return generate_discount_code(
            eligibility, retry=LAMBDA_RETRY
        )  # state: GenerateDiscountCode

    def loyalty():
        return update_loyalty_points(ready, retry=LAMBDA_RETRY)  # state: UpdateLoyaltyPoints

    def shipment():
        prepared = prepare_order(ready, retry=LAMBDA_RETRY)  # state: PrepareOrder
        return send_to_shipment(prepared, retry=LAMBDA_RETRY)  # state: SendToShipment

    def recommendations():
        return update_reco_engine(ready, retry=LAMBDA_RETRY)  # state: UpdateRecoEngine

    # As in the seed, `Order Handled` follows the Parallel and hands its four results on.
    handled = parallel(discount, loyalty, shipment, recommendations)  # state: Parallel
    return handled  # state: Order Handled
