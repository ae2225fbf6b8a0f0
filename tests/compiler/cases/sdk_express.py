from flowdsl import Table, aws, workflow

audit = Table("Audit")


@workflow
def sdk_calls(request):
    listing = aws.s3.list_objects_v2(Bucket=request["bucket"], MaxKeys=10)
    aws.stepfunctions.send_task_success(TaskToken=request["token"], Output="{}")
    secret = aws.secretsmanager.get_secret_value(SecretId="prod/db")
    aws.dynamodb.put_item(TableName=audit, Item={"Key": {"S": secret["Name"]}})
    return listing["Contents"]


@workflow(type="EXPRESS")
def express_flow(event):
    return aws.sqs.send_message(QueueUrl=event["queue"], MessageBody="hi")
