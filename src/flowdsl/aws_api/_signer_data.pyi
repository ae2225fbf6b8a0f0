"""aws.signer_data: AWS Signer Data Plane."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SignerData:
    def get_revocation_status(self, *, CertificateHashes: list[Any], JobArn: str, PlatformId: str, ProfileVersionArn: str, SignatureTimestamp: str, **options: Unpack[TaskOptions]) -> Any: ...
