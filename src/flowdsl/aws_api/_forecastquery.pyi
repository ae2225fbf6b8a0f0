"""aws.forecastquery: Amazon Forecast Query Service."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Forecastquery:
    def query_forecast(self, *, Filters: dict[str, Any], ForecastArn: str, EndDate: str = ..., NextToken: str = ..., StartDate: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def query_what_if_forecast(self, *, Filters: dict[str, Any], WhatIfForecastArn: str, EndDate: str = ..., NextToken: str = ..., StartDate: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
