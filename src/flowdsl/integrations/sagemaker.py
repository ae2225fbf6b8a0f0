"""Amazon SageMaker: training, transform, tuning and processing jobs, models and endpoints.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html and its IAM
page https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (the jobs:
request-response and .sync; models and endpoints: request-response).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, PassRole, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html"
_SERVICE = "sagemaker.amazonaws.com"
_RR = frozenset({"request-response"})
_RR_SYNC = frozenset({"request-response", "sync"})


def _named(parameter: str, resource_type: str) -> From:
    return From(parameter, f"sagemaker-{resource_type}", arn("sagemaker", f"{resource_type}/*"))


def _job(
    action: str,
    noun: str,
    parameter: str,
    resource_type: str,
    *,
    role: str | None,
    rule: str | None,
) -> Integration:
    """A job: Create on its ARN, plus ListTags (the page grants it on `*`); .sync describes and
    stops the job and uses the managed rule; the role the job runs as is passed to SageMaker."""
    job = _named(parameter, resource_type)
    return Integration(
        resource=f"sagemaker:{action}",
        service="sagemaker",
        operation=action[:1].upper() + action[1:],
        patterns=_RR_SYNC,
        docs=_DOCS,
        iam=IamFacts(
            docs=_DOCS,
            grants=(
                Grant((f"sagemaker:Create{noun}",), (job,)),
                Grant(("sagemaker:ListTags",), ("*",)),
                Grant((f"sagemaker:Describe{noun}", f"sagemaker:Stop{noun}"), (job,), SYNC),
            ),
            sync_rule=rule,
            pass_roles=(PassRole(role, _SERVICE),) if role else (),
        ),
    )


CREATE_TRAINING_JOB = _job(
    "createTrainingJob",
    "TrainingJob",
    "TrainingJobName",
    "training-job",
    role="RoleArn",
    rule="StepFunctionsGetEventsForSageMakerTrainingJobsRule",
)
CREATE_TRANSFORM_JOB = _job(
    "createTransformJob",
    "TransformJob",
    "TransformJobName",
    "transform-job",
    role=None,
    rule="StepFunctionsGetEventsForSageMakerTransformJobsRule",
)
CREATE_HYPER_PARAMETER_TUNING_JOB = _job(
    "createHyperParameterTuningJob",
    "HyperParameterTuningJob",
    "HyperParameterTuningJobName",
    "hyper-parameter-tuning-job",
    role="TrainingJobDefinition.RoleArn",
    rule="StepFunctionsGetEventsForSageMakerTuningJobsRule",
)
CREATE_PROCESSING_JOB = _job(
    "createProcessingJob",
    "ProcessingJob",
    "ProcessingJobName",
    "processing-job",
    role="RoleArn",
    rule=None,
)


def _single(action: str, grants: tuple[Grant, ...], role: str | None = None) -> Integration:
    return Integration(
        resource=f"sagemaker:{action}",
        service="sagemaker",
        operation=action[:1].upper() + action[1:],
        patterns=_RR,
        docs=_DOCS,
        iam=IamFacts(
            docs=_DOCS,
            grants=grants,
            pass_roles=(PassRole(role, _SERVICE),) if role else (),
        ),
    )


_ENDPOINT = _named("EndpointName", "endpoint")
_ENDPOINT_CONFIG = _named("EndpointConfigName", "endpoint-config")
CREATE_MODEL = _single(
    "createModel",
    (Grant(("sagemaker:CreateModel",), (_named("ModelName", "model"),)),),
    role="ExecutionRoleArn",
)
CREATE_ENDPOINT_CONFIG = _single(
    "createEndpointConfig", (Grant(("sagemaker:CreateEndpointConfig",), (_ENDPOINT_CONFIG,)),)
)
CREATE_ENDPOINT = _single(
    "createEndpoint", (Grant(("sagemaker:CreateEndpoint",), (_ENDPOINT, _ENDPOINT_CONFIG)),)
)
UPDATE_ENDPOINT = _single(
    "updateEndpoint", (Grant(("sagemaker:UpdateEndpoint",), (_ENDPOINT, _ENDPOINT_CONFIG)),)
)

RECORDS = (
    CREATE_TRAINING_JOB,
    CREATE_TRANSFORM_JOB,
    CREATE_HYPER_PARAMETER_TUNING_JOB,
    CREATE_PROCESSING_JOB,
    CREATE_MODEL,
    CREATE_ENDPOINT_CONFIG,
    CREATE_ENDPOINT,
    UPDATE_ENDPOINT,
)
