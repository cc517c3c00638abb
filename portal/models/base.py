"""Shared column helpers."""

from datetime import UTC, datetime


def utcnow():
    """Timezone-naive UTC now (stored as UTC everywhere)."""
    return datetime.now(UTC).replace(tzinfo=None)
