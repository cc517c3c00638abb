"""The web keeps read-your-writes: an upload is searchable in the next request; the portal runs its own runner."""

import io
import time

import pytest

from portal import create_app
from portal.services import jobs

TEXT = "Kế hoạch số hóa hồ sơ lưu trữ của chi bộ năm 2027, triển khai phần mềm quản lý văn bản điện tử."


def _upload(client, name="ke-hoach.txt"):
    return client.post(
        "/documents/upload",
        data={"file": (io.BytesIO(TEXT.encode()), name)},
        content_type="multipart/form-data",
    )


def test_an_uploaded_document_is_found_by_the_next_search(app, login_as):
    client = login_as("admin")
    assert _upload(client).status_code == 302
    page = client.get("/search/?q=số hóa hồ sơ lưu trữ").get_data(as_text=True)
    assert "ke-hoach" in page or "Kế hoạch số hóa hồ sơ" in page
    from portal.search.jobs import pending_count

    assert pending_count() == 0  # applied by the request itself, not left for later


@pytest.fixture
def inline_app(app):
    """The same portal (database, index, uploads) as the default set-up runs it: with its own job runner."""
    from config import TestingConfig

    overrides = {
        key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "INDEX_DIR", "UPLOAD_DIR", "EXTRACT_TIMEOUT")
    }
    overrides.update(JOBS_INLINE=True, SEARCH_APPLY_INLINE=False, JOBS_POLL_SECONDS=0.2)
    inline = create_app(type("InlineJobs", (TestingConfig,), overrides))
    inline.test_client_class = type(app.test_client())
    yield inline
    state = inline.extensions.get("portal_jobs") or {}
    if state.get("runner"):
        state["runner"].stop()


def test_the_portal_runs_its_own_jobs_with_nothing_else_started(inline_app):
    from support import login

    client = inline_app.test_client()
    assert "portal_jobs" not in inline_app.extensions  # nothing runs before the first request
    login(client, "admin")
    assert _upload(client, "so-hoa.txt").status_code == 302
    assert inline_app.extensions["portal_jobs"]["runner"]  # the first request started this process's runner
    deadline, found = time.monotonic() + 20, False
    while time.monotonic() < deadline and not found:
        found = "so-hoa" in client.get("/search/?q=số hóa hồ sơ lưu trữ").get_data(as_text=True)
        time.sleep(0.2)
    assert found, "the in-process runner should have applied the index job"
    with inline_app.app_context():
        assert jobs.counts()["pending"] == 0
