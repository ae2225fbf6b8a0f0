"""aws.cloudsearchdomain: Amazon CloudSearch Domain."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Cloudsearchdomain:
    def search(self, *, Query: str, Cursor: str = ..., Expr: str = ..., Facet: str = ..., FilterQuery: str = ..., Highlight: str = ..., Partial: bool = ..., QueryOptions: str = ..., QueryParser: str = ..., Return: str = ..., Size: int = ..., Sort: str = ..., Start: int = ..., Stats: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def suggest(self, *, Query: str, Suggester: str, Size: int = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def upload_documents(self, *, ContentType: str, Documents: str | bytes, **options: Unpack[TaskOptions]) -> Any: ...
