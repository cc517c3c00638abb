"""Fixtures for the job mechanism: kinds registered for one test only, and a look at the jobs table."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Job
from portal.services.jobs import registry


@pytest.fixture
def kinds(app):
    """register(kind, handler, **options) for this test; the kinds are removed afterwards."""
    added = []

    def _register(kind, handler, **options):
        options.setdefault("label", f"Việc thử {kind}")
        added.append(kind)
        return registry.register(kind, handler, **options)

    yield _register
    for kind in added:
        registry._KINDS.pop(kind, None)


@pytest.fixture
def job_rows(app):
    """A function returning the jobs of a kind as plain dicts (read in a fresh transaction)."""

    def _rows(kind=None):
        db.session.rollback()
        query = select(Job).order_by(Job.id)
        if kind:
            query = query.where(Job.kind == kind)
        return [
            {
                "id": j.id,
                "status": j.status,
                "attempts": j.attempts,
                "run_after": j.run_after,
                "last_error": j.last_error,
                "payload": j.payload,
                "locked_by": j.locked_by,
            }
            for j in db.session.scalars(query)
        ]

    return _rows
