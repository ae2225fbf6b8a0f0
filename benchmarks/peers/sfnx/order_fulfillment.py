"""Order fulfillment (seed 002), for sfnx."""

from sfnx import aws, state_machine


@state_machine
def order_fulfillment(input):
    """Save an order, verify its card and price, and queue it for fulfillment or escalation."""
    aws.optimized.dynamodb.put_item(
        TableName="${OrderTableTableName}",
        Item={
            "OrderId": {"S": input["OrderId"]},
            "CustomerName": {"S": input["CustomerName"]},
            "Price": {"N": str(input["Price"])},
        },
    )
    try:
        verdict = aws.optimized.lambda_.invoke(
            FunctionName="${VerifyCCAndPriceFunctionArn}", Payload=input
        )
        status = verdict["Payload"]["StatusCode"]
        message = verdict["Payload"]["Message"]
    except Exception:
        status = 500
        message = "verification failed"
    if status == 200:
        aws.optimized.sqs.send_message(
            QueueUrl="${OrderFulfillmentQueueQueueUrl}", MessageBody=input
        )
    else:
        aws.optimized.sqs.send_message(
            QueueUrl="${EscalationQueueQueueUrl}",
            MessageBody={"Order": input, "Reason": message},
        )
