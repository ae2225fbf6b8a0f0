"""Port of aws-samples' celebrity-identifier workflow (see originals/PROVENANCE.json): the
Rekognition response added to the event, and a Map whose body branches on each face's match
confidence (written to DynamoDB, or passed on as it is)."""

from flowdsl import Table, aws, workflow

celebrities = Table("Celebrities")


@workflow(name="CelebrityIdentifier", query_language="JSONPath")
def celebrity_identifier(event):
    bucket = event["detail"]["bucket"]["name"]
    key = event["detail"]["object"]["key"]
    event["Rekognition"] = aws.rekognition.recognize_celebrities(  # state: Recognize celebrities
        Image={"S3Object": {"Bucket": bucket, "Name": key}}
    )
    if not event["Rekognition"]["CelebrityFaces"]:  # state: Celebrities detected
        return event

    def process(face):
        if face["MatchConfidence"] > 90:  # state: Process high confidence
            return celebrities.put_item(  # state: Write to database
                Item={
                    "CelebID": {"S": face["Id"]},
                    "Name": {"S": face["Name"]},
                    "Time": {"S": event["time"]},
                    "ObjectLocation": {"S": f"S3://{bucket}/{key}"},
                }
            )
        return {"bucket": bucket, "key": key, "time": event["time"], "CelebrityFaces": face}

    return [process(face) for face in event["Rekognition"]["CelebrityFaces"]]  # state: Iterate list
