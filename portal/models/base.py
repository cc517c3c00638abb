"""Shared column helpers."""

from portal.clock import utcnow  # noqa: F401  (the default of every timestamp column)
