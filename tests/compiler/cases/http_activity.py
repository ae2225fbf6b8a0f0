from flowdsl import Activity, integration, workflow

approval = Activity("ManualApproval")


@workflow
def http_and_activity(order):
    quote = integration(  # state: Get Quote
        "http:invoke",
        ApiEndpoint="https://api.example.com/quotes",
        Method="POST",
        Authentication={
            "ConnectionArn": "arn:aws:events:eu-west-1:123456789012:connection/quotes/1"
        },
        RequestBody={"order": order["id"]},
        timeout_seconds=30,
    )
    decision = approval({"order": order, "quote": quote["ResponseBody"]}, heartbeat_seconds=3600)
    return integration(
        "apigateway:invoke",
        ApiEndpoint="abc123.execute-api.eu-west-1.amazonaws.com",
        Method="POST",
        Stage="prod",
        Path="/orders",
        RequestBody=decision,
    )
