"""Fixtures for the plan web tests: documents stored as rows (no upload pipeline needed), the real plan imported."""

import hashlib
import os
import uuid

import pytest
from plan_web_paths import PLAN_PATH, REPORTS, ROOT  # noqa: E402,F401

from portal.extensions import db


def read_sample(*parts):
    """A sample file's text."""
    with open(os.path.join(ROOT, "samples", *parts), encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def doc_row(app, users):
    """Create a Document with one version and one page of text directly in the database."""
    from portal.models import Document, DocumentPage, DocumentVersion, Unit

    def _make(
        text,
        *,
        title="Văn bản thử nghiệm",
        doc_type="bao_cao",
        unit=None,
        visibility="all",
        user="admin",
        secrecy="thuong",
    ):
        owner = db.session.query(Unit).filter_by(code=unit).one() if unit else users[user].unit
        doc = Document(
            title=title,
            doc_type=doc_type,
            visibility=visibility,
            secrecy=secrecy,
            owner_unit_id=owner.id if owner else None,
            created_by_id=users[user].id,
        )
        version = DocumentVersion(
            storage_name=uuid.uuid4().hex,
            original_name=f"{title}.txt",
            kind="txt",
            mime="text/plain",
            size=len(text.encode()),
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        version.pages = [DocumentPage(page_no=1, text=text)]
        doc.versions = [version]
        db.session.add(doc)
        db.session.commit()
        return doc

    return _make


@pytest.fixture
def plan(app, users, doc_row):
    """The real plan, stored as a document by the secretariat, imported and pre-filled."""
    from portal.services import plan as plan_service

    with open(PLAN_PATH, encoding="utf-8") as handle:
        document = doc_row(
            handle.read(), title="Kế hoạch lãnh đạo CCHC 2026-2030", doc_type="ke_hoach", user="secretariat"
        )
    imported = plan_service.import_plan(document, users["secretariat"])
    plan_service.prefill_six_ro(imported, users["secretariat"])
    return imported


@pytest.fixture
def switch_to(client, login_as):
    """Sign out whoever is signed in, then sign in as another test user."""

    def _switch(username):
        client.post("/auth/logout")
        client.reset_csrf()
        return login_as(username)

    return _switch
