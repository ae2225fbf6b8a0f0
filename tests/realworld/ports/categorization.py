"""Port of aws-samples' categorization-state-machine (see originals/PROVENANCE.json).

`str(ticket)` is the ticket as JSON text (`States.JsonToString($)` in the original).
"""

from flowdsl import Queue, aws, workflow

complaints = Queue("Complaints")
billing = Queue("Billing")
other = Queue("Other")

PROMPT = (
    'You are a text categorizing program. Given the list of categories ["COMPLAINT","BILLING"],'
    ' categorize the text into one of these classes ("Category"). Give the answer with exactly'
    " one class and no additional text. If you cannot categorize the text, please use"
    ' ["UNKNOWN"] category. Do not try to make up a category.'
)


@workflow(name="Categorization")
def categorization(ticket):
    answer = aws.bedrock_runtime.invoke_model(  # state: InvokeModel
        ModelId="anthropic.claude-3-haiku-20240307-v1:0",
        ContentType="application/json",
        Accept="application/json",
        Body={
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": 2000,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": str(ticket)},
                        {"type": "text", "text": PROMPT},
                    ],
                }
            ],
        },
    )
    category = answer["Body"]["content"][0]["text"]
    if category == "COMPLAINT":  # state: Choice
        return complaints.send_message(
            MessageBody={"message": ticket["message"]}
        )  # state: SQS Complaints
    elif category == "BILLING":
        return billing.send_message(
            MessageBody={"message": ticket["message"]}
        )  # state: SQS Billing
    return other.send_message(MessageBody={"message": ticket["message"]})  # state: SQS Default
