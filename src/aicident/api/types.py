"""Field types of requests that read values exactly as the OpenAPI document states them.

Pydantic's lax mode reads `0`/`1` as booleans and numbers as seconds since 1970; the document says boolean and
RFC 3339 date-time, so a request that sends anything else is refused (400) instead of being read as something the
client did not mean.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, StrictBool

__all__ = ["AwareInstant", "Day", "Flag", "Instant"]

_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _not_a_number(value: Any) -> Any:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("a number is not a date or time here (an RFC 3339 date-time, e.g. 2026-11-23T14:00:00Z)")
    return value


def _a_day(value: Any) -> Any:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("a number is not a day here (an ISO 8601 date, e.g. 2026-12-01)")
    return value


Flag = StrictBool
Instant = Annotated[datetime, BeforeValidator(_not_a_number)]
AwareInstant = Annotated[AwareDatetime, BeforeValidator(_not_a_number)]
Day = Annotated[date, BeforeValidator(_a_day)]
