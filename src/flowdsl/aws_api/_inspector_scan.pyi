"""aws.inspector_scan: Inspector Scan."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class InspectorScan:
    def scan_sbom(self, *, Sbom: dict[str, Any], OutputFormat: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
