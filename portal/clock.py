"""The office's clock, without Flask: UTC for storage, Vietnam time (config TIMEZONE) for dates people see.

Timestamps are stored as naive UTC (`utcnow`). "Today" and shown times are in the configured zone
(Asia/Ho_Chi_Minh by default, read from `config.TIMEZONE` by the app factory through `set_timezone`).
Tests fix the clock with `frozen(...)` so that nothing depends on the day they run.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_zone = ZoneInfo(DEFAULT_TIMEZONE)
_frozen: datetime | None = None  # an aware UTC moment while a test has fixed the clock


def set_timezone(name: str) -> None:
    """Use the IANA zone `name` for local dates and times (called once by create_app)."""
    global _zone
    _zone = ZoneInfo(name or DEFAULT_TIMEZONE)


def now_aware() -> datetime:
    """Now, as an aware UTC datetime (the fixed moment while frozen)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def utcnow() -> datetime:
    """Naive UTC now: the form every timestamp column stores."""
    return now_aware().replace(tzinfo=None)


def now_local() -> datetime:
    """Now in the office's zone (aware)."""
    return now_aware().astimezone(_zone)


def today_local() -> date:
    """Today's date in the office's zone."""
    return now_local().date()


def to_local(value):
    """A stored naive-UTC (or aware) datetime in the office's zone; other values unchanged."""
    if not isinstance(value, datetime):
        return value
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(_zone)


def start_of_local_day(day: date) -> datetime:
    """Naive UTC of 00:00 on ``day`` in the office's zone (when a date-dated thing starts to apply)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=_zone).astimezone(UTC).replace(tzinfo=None)


@contextmanager
def frozen(moment: datetime):
    """Fix the clock at `moment` (naive means UTC) for the duration of the block."""
    global _frozen
    previous = _frozen
    _frozen = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous
