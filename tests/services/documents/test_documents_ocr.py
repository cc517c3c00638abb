"""Scans upload at once and are recognised (OCR) in the background, page by page, resuming after a crash."""

import time
from datetime import timedelta

import pytest
from _scans import page_phrase, scan_pdf

from portal.extensions import db
from portal.models import DocumentVersion
from portal.models.base import utcnow
from portal.services import documents, jobs

pytestmark = pytest.mark.skipif(
    not __import__("portal.extraction", fromlist=["ocr_status"]).ocr_status().available, reason="needs tesseract"
)


def _found(app, user, words):
    """Ids of the documents a search for ``words`` finds once the queued index jobs are applied."""
    from portal.services.searching import apply_index, search

    apply_index(app, wait=5.0)
    return [hit["id"] for hit in search(user, words, {}, "relevance", 20, 0)["hits"]]


def _upload_scan(tmp_path, users, pages=3, name="quet.pdf"):
    path = scan_pdf(tmp_path / name, tmp_path, pages)
    started = time.monotonic()
    result = documents.upload_document(path, name, user=users["admin"])
    return result, time.monotonic() - started


def test_scan_uploads_at_once_then_ocr_job_makes_it_searchable(app, users, tmp_path):
    result, seconds = _upload_scan(tmp_path, users, pages=3)
    version = result.document.current_version
    assert not any(p.is_ocr for p in version.pages)  # no OCR in the request: it waits for the job
    assert version.extraction_status == "ocr_pending" and version.ocr_pending == [1, 2, 3]
    state = documents.state_of(version)
    assert state.total == 3 and state.done == 0 and "nhận dạng chữ (OCR)" in state.message
    assert any("đang được nhận dạng chữ" in w for w in result.warnings)
    job = jobs.find(documents.OCR_KIND, f"version:{version.id}")
    assert job is not None and job.status == "pending"

    assert jobs.drain(app, [documents.OCR_KIND]) == 1
    db.session.rollback()
    version = db.session.get(DocumentVersion, version.id)
    assert version.extraction_status == "ok" and not version.ocr_pending
    assert version.ocr_pages == 3 and all(p.is_ocr and p.ocr_confidence > 60 for p in version.pages)
    assert "công tác giám sát" in version.pages[2].text
    assert version.quality["ocr_pages"] == 3 and version.quality["ocr_confidence"] > 60
    assert documents.state_of(version).message is None
    assert f"document:{result.document.id}" in _found(app, users["admin"], "công tác giám sát")


def test_ocr_killed_midway_resumes_from_the_pages_not_stored(app, users, tmp_path, monkeypatch):
    from portal.extraction import api as extraction_api

    result, _ = _upload_scan(tmp_path, users, pages=3)
    version_id = result.document.current_version.id
    real = extraction_api.ocr_pages
    seen = []

    def dies_after_two(path, pages=None, **kwargs):
        for page in real(path, pages, **kwargs):
            seen.append(page.number)
            if len(seen) == 3:
                raise SystemExit("runner killed")  # the process dies while page 3 is recognised
            yield page

    monkeypatch.setattr("portal.extraction.ocr_pages", dies_after_two)
    with pytest.raises(SystemExit):
        jobs.drain(app, [documents.OCR_KIND])
    db.session.rollback()
    version = db.session.get(DocumentVersion, version_id)
    assert version.ocr_pending == [3] and [p.is_ocr for p in version.pages] == [True, True, False]
    assert page_phrase(2).split()[-1] in version.pages[1].text
    assert documents.state_of(version).done == 2 and documents.state_of(version).total == 3

    job = jobs.find(documents.OCR_KIND, f"version:{version_id}")
    assert job.status == "running"  # held by the dead runner until its lease runs out
    job.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    seen.clear()
    monkeypatch.setattr(
        "portal.extraction.ocr_pages", lambda path, pages=None, **kw: _record(real, seen, path, pages, **kw)
    )
    assert jobs.drain(app, [documents.OCR_KIND]) == 1
    assert seen == [3]  # only the page not yet stored
    db.session.rollback()
    version = db.session.get(DocumentVersion, version_id)
    assert version.extraction_status == "ok" and [p.is_ocr for p in version.pages] == [True, True, True]


def _record(real, seen, path, pages, **kwargs):
    for page in real(path, pages, **kwargs):
        seen.append(page.number)
        yield page
