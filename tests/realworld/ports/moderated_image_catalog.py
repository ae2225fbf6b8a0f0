"""Port of aws-samples' moderated-image-catalog workflow (see originals/PROVENANCE.json).

The original adds each result to its input (`ResultPath`); this port names the fields it
passes on (`bucket`, `key`), the same for the sample's event (keeping unknown fields needs the
merges of issue 13 part A). `str()` of a list writes JSON, as `States.JsonToString` does.
"""

from flowdsl import Table, Topic, aws, parallel, workflow

catalog = Table("Catalog")
moderators = Topic("Moderators")


@workflow(name="ModeratedImageCatalog")
def moderated_image_catalog(image):
    moderation = aws.rekognition.detect_moderation_labels(  # state: Check for inappropriate content
        Image={"S3Object": {"Bucket": image["bucket"], "Name": image["key"]}}
    )
    if len(moderation["ModerationLabels"]) > 0:  # state: Inappropriate content detected?
        return moderators.publish(  # state: Notify content moderators
            Message={"bucket": image["bucket"], "key": image["key"], "moderationResult": moderation}
        )

    def objects():
        found = aws.rekognition.detect_labels(  # state: Detect objects in image
            Image={"S3Object": {"Bucket": image["bucket"], "Name": image["key"]}}
        )
        return catalog.update_item(  # state: Record objects in database
            Key={"Id": {"S": image["key"]}},
            UpdateExpression="set detectedObjects=:o",
            ExpressionAttributeValues={":o": {"S": str(found["Labels"])}},
        )

    def text():
        found = aws.rekognition.detect_text(  # state: Detect text in image
            Image={"S3Object": {"Bucket": image["bucket"], "Name": image["key"]}}
        )
        return catalog.update_item(  # state: Record text in database
            Key={"Id": {"S": image["key"]}},
            UpdateExpression="set detectedText=:t",
            ExpressionAttributeValues={":t": {"S": str(found["TextDetections"])}},
        )

    return parallel(objects, text)  # state: Process image
