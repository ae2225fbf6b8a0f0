from flowdsl import integration, workflow

CONNECTION = "arn:aws:events:eu-west-1:123456789012:connection/private-quotes/1"


@workflow
def http_private(order):
    return integration(  # state: Get Private Quote
        "http:invoke",
        ApiEndpoint="https://quotes.internal.example.com/quotes",
        Method="POST",
        InvocationConfig={"ConnectionArn": CONNECTION},
        RequestBody={"order": order["id"]},
    )
