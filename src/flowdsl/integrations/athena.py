"""Amazon Athena: `athena:startQueryExecution`, `stopQueryExecution`, `getQueryExecution`,
`getQueryResults`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html
(startQueryExecution: request-response and .sync; the others request-response).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, P, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html"
_WORKGROUPS = arn("athena", "workgroup/*")
_WORKGROUP = From("WorkGroup", "athena-workgroup", dynamic=_WORKGROUPS, default="primary")
_ALL_BUCKETS = f"arn:{P}:s3:::*"
_CATALOG = arn("glue", "catalog")
_DATABASES = arn("glue", "database/*")
_TABLES = arn("glue", "table/*")
_FUNCTIONS = arn("glue", "userDefinedFunction/*")

# Where the state names the results location (ResultConfiguration.OutputLocation, an S3 URI;
# https://docs.aws.amazon.com/athena/latest/APIReference/API_ResultConfiguration.html), Athena
# writes only there: the writes are granted on that prefix and its bucket. Without it the
# workgroup's location applies, which the definition does not name: every bucket, as on the page.
_RESULTS = "ResultConfiguration.OutputLocation"
_RESULT_OBJECTS = From(_RESULTS, "s3-uri-prefix-or-any", dynamic=_ALL_BUCKETS, default="")
_RESULT_BUCKET = From(_RESULTS, "s3-uri-bucket-or-any", dynamic=_ALL_BUCKETS, default="")

# What a query needs besides Athena itself, from the page's template: S3 to read the data (its
# buckets are in the tables' metadata, never in the definition, so `arn:aws:s3:::*`) and to write
# the results, the Glue Data Catalog for table metadata, and Lake Formation data access. The
# Glue grants stay on every database and table: QueryExecutionContext.Database is only the
# default, and the query text may name any other.
_QUERY_DEPENDENCIES = (
    Grant(("athena:GetDataCatalog",), (arn("athena", "datacatalog/*"),)),
    Grant(("s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket"), (_ALL_BUCKETS,)),
    Grant(
        ("s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObject"),
        (_RESULT_OBJECTS,),
    ),
    Grant(("s3:CreateBucket", "s3:ListBucketMultipartUploads"), (_RESULT_BUCKET,)),
    # The page grants every Glue catalog action on all four resource kinds; each action gets
    # the kinds IAM authorizes it on (a database, or a table and the database holding it).
    Grant(
        (
            "glue:CreateDatabase",
            "glue:GetDatabase",
            "glue:GetDatabases",
            "glue:UpdateDatabase",
        ),
        (_CATALOG, _DATABASES),
    ),
    Grant(("glue:DeleteDatabase",), (_CATALOG, _DATABASES, _TABLES, _FUNCTIONS)),
    Grant(
        (
            "glue:BatchCreatePartition",
            "glue:BatchDeletePartition",
            "glue:BatchDeleteTable",
            "glue:BatchGetPartition",
            "glue:CreatePartition",
            "glue:CreateTable",
            "glue:DeletePartition",
            "glue:DeleteTable",
            "glue:GetPartition",
            "glue:GetPartitions",
            "glue:GetTable",
            "glue:GetTables",
            "glue:UpdatePartition",
            "glue:UpdateTable",
        ),
        (_CATALOG, _DATABASES, _TABLES),
    ),
    Grant(("lakeformation:GetDataAccess",), ("*",)),
)

START_QUERY_EXECUTION = Integration(
    resource="athena:startQueryExecution",
    service="athena",
    operation="StartQueryExecution",
    patterns=frozenset({"request-response", "sync"}),
    docs=_DOCS,
    # IAM: StartQueryExecution on the workgroup (`primary` when none is named; `workgroup/*` when
    # dynamic); .sync polls and stops the query and reads its results in the same workgroup.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("athena:StartQueryExecution",), (_WORKGROUP,)),
            Grant(
                (
                    "athena:BatchGetQueryExecution",
                    "athena:GetQueryExecution",
                    "athena:GetQueryResults",
                    "athena:GetWorkGroup",
                    "athena:ListQueryExecutions",
                    "athena:StopQueryExecution",
                ),
                (_WORKGROUP,),
                patterns=SYNC,
            ),
            *_QUERY_DEPENDENCIES,
        ),
    ),
)


def _query_action(action: str, operation: str, *extra: Grant) -> Integration:
    # The query id names no workgroup, so the docs grant these on `workgroup/*`.
    return Integration(
        resource=f"athena:{action}",
        service="athena",
        operation=operation,
        patterns=frozenset({"request-response"}),
        docs=_DOCS,
        iam=IamFacts(docs=_DOCS, grants=(Grant((f"athena:{operation}",), (_WORKGROUPS,)), *extra)),
    )


STOP_QUERY_EXECUTION = _query_action("stopQueryExecution", "StopQueryExecution")
GET_QUERY_EXECUTION = _query_action("getQueryExecution", "GetQueryExecution")
GET_QUERY_RESULTS = _query_action(
    "getQueryResults", "GetQueryResults", Grant(("s3:GetObject",), (_ALL_BUCKETS,))
)

RECORDS = (START_QUERY_EXECUTION, STOP_QUERY_EXECUTION, GET_QUERY_EXECUTION, GET_QUERY_RESULTS)
