"""Amazon Bedrock: `bedrock:invokeModel`, `bedrock:createModelCustomizationJob`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
(invokeModel: request-response; createModelCustomizationJob: request-response, .sync,
.waitForTaskToken). The page: both take the fields of the Bedrock API operation of the same
name, and InvokeModel adds `Input` and `Output` (S3 locations of the request and response
bodies) beside the API's own `Body`; so both are checked against botocore's models.
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, P, PassRole, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html"
_ANY_OBJECT = f"arn:{P}:s3:::*"
_JOBS = arn("bedrock", "model-customization-job/*")

INVOKE_MODEL = Integration(
    resource="bedrock:invokeModel",
    service="bedrock-runtime",
    operation="InvokeModel",
    patterns=frozenset({"request-response"}),
    docs=_DOCS,
    extra_parameters=frozenset({"Input", "Output"}),
    # IAM: bedrock:InvokeModel on the foundation model (an AWS-owned ARN with an empty account)
    # or the provisioned model ARN; the page's "full access" form when the model is dynamic. The
    # page has no S3 statement; reading `Input.S3Uri` and writing `Output.S3Uri` need
    # s3:GetObject/PutObject on those objects (as CDK's BedrockInvokeModel grants).
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("bedrock:InvokeModel",),
                (
                    From(
                        "ModelId",
                        "bedrock-model",
                        dynamic=(
                            arn("bedrock", "foundation-model/*", account=""),
                            arn("bedrock", "provisioned-model/*"),
                        ),
                    ),
                ),
            ),
            Grant(("s3:GetObject",), (From("Input.S3Uri", "s3-uri-object", _ANY_OBJECT),)),
            Grant(("s3:PutObject",), (From("Output.S3Uri", "s3-uri-object", _ANY_OBJECT),)),
        ),
    ),
)

CREATE_MODEL_CUSTOMIZATION_JOB = Integration(
    resource="bedrock:createModelCustomizationJob",
    service="bedrock",
    operation="CreateModelCustomizationJob",
    patterns=frozenset({"request-response", "sync", "waitForTaskToken"}),
    docs=_DOCS,
    # IAM: CreateModelCustomizationJob on the base model, `custom-model/*` and the job;
    # iam:PassRole on the customization role; .sync polls and stops the job.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("bedrock:CreateModelCustomizationJob",),
                (
                    From(
                        "BaseModelIdentifier",
                        "bedrock-model",
                        dynamic=arn("bedrock", "foundation-model/*", account=""),
                    ),
                    arn("bedrock", "custom-model/*"),
                    _JOBS,
                ),
            ),
            Grant(
                ("bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"),
                (_JOBS,),
                patterns=SYNC,
            ),
        ),
        pass_roles=(PassRole("RoleArn", "bedrock.amazonaws.com"),),
    ),
)

RECORDS = (INVOKE_MODEL, CREATE_MODEL_CUSTOMIZATION_JOB)
