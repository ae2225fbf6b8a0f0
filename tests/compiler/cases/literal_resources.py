from flowdsl import Function, Queue, Table, workflow

legacy = Function(arn="arn:aws:lambda:eu-west-1:123456789012:function:legacy:prod")
audit = Queue(url="https://sqs.eu-west-1.amazonaws.com/123456789012/audit")
orders = Table("Orders", placeholder="OrdersTableForProd")


@workflow(name="LiteralResources", comment="Literal ARNs stay literal; placeholders can be named.")
def literal_resources(event):
    answer = legacy(event)
    audit.send_message(MessageBody=answer)
    orders.put_item(Item={"id": {"S": answer["id"]}})
