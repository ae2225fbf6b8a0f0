"""Port of aws-samples' retry-with-exponential-backoff workflow (see originals/PROVENANCE.json)."""

from flowdsl import Fail, Function, Lambda, Retry, States, error, workflow

generate = Function("generateRandomResponses")

TRANSIENT = Retry(
    Lambda.ServiceException,
    Lambda.AWSLambdaException,
    Lambda.SdkClientException,
    Lambda.TooManyRequestsException,
    error("InternalServerError"),
    interval_seconds=2,
    max_attempts=6,
    backoff_rate=2,
)


@workflow(name="RetryWithExponentialBackoff", query_language="JSONPath")
def retry_backoff():
    try:
        return generate(retry=TRANSIENT)  # state: Generate random response
    except States.ALL:
        raise Fail()  # noqa: B904 - the original Fail state has no error name
