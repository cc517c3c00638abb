"""Fixtures for the documents tests: uploads through the real service, and a look into the upload folder."""

import os

import pytest


@pytest.fixture
def upload(app, users, tmp_path):
    """upload(data, name, user="admin", **kwargs) -> UploadResult through the real service."""
    from portal.services import documents

    counter = {"n": 0}

    def _upload(data, name="van-ban.txt", user="admin", **kwargs):
        counter["n"] += 1
        path = tmp_path / f"src-{counter['n']}"
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return documents.upload_document(str(path), name, user=users[user], **kwargs)

    return _upload


@pytest.fixture
def stored_files(app):
    """A function listing the files in UPLOAD_DIR (anything at all, temp files included)."""

    def _list():
        found = []
        for folder, _dirs, files in os.walk(app.config["UPLOAD_DIR"]):
            found.extend(os.path.join(folder, f) for f in files)
        return found

    return _list


@pytest.fixture
def counts(app):
    """(documents, versions, pages, audit uploads) row counts."""
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Document, DocumentPage, DocumentVersion

    def _counts():
        return tuple(
            db.session.scalar(select(func.count()).select_from(m)) for m in (Document, DocumentVersion, DocumentPage)
        )

    return _counts


@pytest.fixture(autouse=True)
def _end_transaction_per_request(app):
    """End the session's transaction after each test request, as a real request's app-context teardown would.

    The shared `app` fixture keeps one app context (one session) across test requests; without this, a read
    transaction left open by one request (after the index hook wrote from another connection) makes the next
    request's read-then-write fail with "database is locked" (a stale WAL snapshot).
    """
    from portal.extensions import db

    @app.teardown_request
    def _rollback(_error):
        db.session.rollback()

    yield


@pytest.fixture
def client_for(app):
    """A fresh signed-in test client per user (no shared cookies between users)."""
    clients = {}

    def _client(username):
        if username not in clients:
            client = app.test_client()
            if username != "anonymous":
                response = client.post(
                    "/auth/login", data={"username": username, "password": "Mat-khau-thu-nghiem-2026"}
                )
                assert response.status_code == 302, f"login failed for {username}"
                client.reset_csrf()
            clients[username] = client
        return clients[username]

    return _client
