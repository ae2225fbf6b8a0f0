import uuid

from flowdsl import Queue, workflow

jobs = Queue("Jobs")


@workflow(query_language="JSONPath")
def uuids(order: dict):
    request_id = str(uuid.uuid4())
    jobs.send_message(MessageBody={"id": request_id, "order": order["id"]})
    return {"id": request_id, "again": str(uuid.uuid4())}
