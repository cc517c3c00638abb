"""Shared column helpers."""
from datetime import datetime, timezone


def utcnow():
    """Timezone-naive UTC now (stored as UTC everywhere)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
