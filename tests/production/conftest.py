"""Fixtures for the production-readiness tests: a throwaway PostgreSQL cluster, servers as subprocesses."""

import pytest  # noqa: E402
from pg_cluster import pg_server, pg_url  # noqa: E402,F401  (fixtures)


@pytest.fixture
def upload(app, tmp_path):
    """Upload text through the real service with placement options (visibility, units, owner) make_document lacks."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import User
    from portal.services import documents

    counter = {"n": 0}

    def _upload(text, *, user="admin", name=None, **options):
        counter["n"] += 1
        path = tmp_path / f"up-{counter['n']}.txt"
        path.write_text(text, encoding="utf-8")
        actor = db.session.scalar(select(User).where(User.username == user))
        result = documents.upload_document(
            str(path), name or f"tai-lieu-{counter['n']}.txt", user=actor, apply_index=True, **options
        )
        return result.document

    return _upload
