"""How a document's text was read, as users see it: OCR progress on the page, unread files and re-extraction,
the poor-text list, `flask check` naming missing components, `flask documents import --wait`, .doc through the web."""

import io
import json
import os
import sys

import pytest
from _scans import page_phrase, scan_pdf

from portal.extensions import db
from portal.models import DocumentVersion
from portal.services import documents, jobs

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "extraction"))
import _make_files as make  # noqa: E402

from portal.extraction import converter_status, ocr_status  # noqa: E402

needs_ocr = pytest.mark.skipif(not ocr_status().available, reason="needs tesseract with Vietnamese")
needs_office = pytest.mark.skipif(not converter_status().available, reason="needs LibreOffice")
PHRASE = "Chi bộ Tổng hợp thống nhất lịch sinh hoạt chuyên đề quý ba"


def _found(app, user, words):
    """Ids ("document:N") a search for ``words`` finds once the queued index jobs are applied."""
    from portal.services.searching import apply_index, search

    apply_index(app, wait=5.0)
    return [hit["id"] for hit in search(user, words, {}, "relevance", 20, 0)["hits"]]


def _fresh_version(version_id):
    db.session.rollback()
    return db.session.get(DocumentVersion, version_id)


@pytest.fixture
def doc_file(tmp_path):
    """A Word 97-2003 .doc made by LibreOffice from a DOCX the test writes."""
    if not converter_status().available:
        pytest.skip("needs LibreOffice")
    source = make.docx_file(tmp_path / "bien-ban.docx", paragraphs=(make.QUOC_HIEU, make.TIEU_NGU, PHRASE), table=None)
    out = tmp_path / "doc"
    out.mkdir()
    return make.soffice_convert([source], "doc", out)[0]


@needs_ocr
def test_document_page_shows_ocr_progress_and_the_failed_job_can_be_retried(
    app, users, tmp_path, login_as, monkeypatch
):
    from portal.extraction import ExtractionError
    from portal.extraction import api as extraction_api

    path = scan_pdf(tmp_path / "quet.pdf", tmp_path, pages=2)
    document = documents.upload_document(path, "Biên bản quét.pdf", user=users["secretariat"]).document
    version_id = document.current_version.id
    client = login_as("secretariat")
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Đang chờ nhận dạng chữ (OCR) 2 trang quét" in page
    assert f'data-extraction-poll="/documents/{document.id}/extraction"' in page and "js/extraction.js" in page
    state = client.get(f"/documents/{document.id}/extraction").get_json()
    assert state["status"] == "ocr_pending" and (state["done"], state["total"]) == (0, 2)

    real = extraction_api.ocr_pages

    def second_page_times_out(path, pages=None, **kwargs):
        for page in real(path, pages, **kwargs):
            if page.number == 2:
                raise ExtractionError("timeout")
            yield page

    monkeypatch.setattr("portal.extraction.ocr_pages", second_page_times_out)
    for _ in range(3):  # every attempt fails on page 2; after the last one the job waits in the failed list
        jobs.drain(app, [documents.OCR_KIND])
        job = jobs.find(documents.OCR_KIND, f"version:{version_id}")
        job.run_after = job.run_after.replace(year=2000)
        db.session.commit()
    version = _fresh_version(version_id)
    assert version.ocr_pending == [2] and version.pages[0].is_ocr
    assert f"document:{document.id}" in _found(app, users["secretariat"], "công tác thanh tra")  # page 1 searchable
    state = client.get(f"/documents/{document.id}/extraction").get_json()
    assert state["failed"] and (state["done"], state["total"]) == (1, 2)
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Đã nhận dạng 1/2 trang" in page and "«Thử lại»" in page and "data-extraction-poll" not in page
    assert "ExtractionError" not in page and "quá thời gian cho phép" in state["message"]

    client.post("/auth/logout")
    admin = login_as("admin")
    listing = admin.get("/admin/jobs").get_data(as_text=True)
    assert "Nhận dạng chữ (OCR) văn bản quét" in listing and "Thử lại" in listing
    job = jobs.find(documents.OCR_KIND, f"version:{version_id}")
    assert admin.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": admin.csrf_token()}).status_code == 302
    monkeypatch.setattr("portal.extraction.ocr_pages", real)
    assert jobs.drain(app, [documents.OCR_KIND]) == 1
    version = _fresh_version(version_id)
    assert version.extraction_status == "ok" and [p.is_ocr for p in version.pages] == [True, True]
    assert f"document:{document.id}" in _found(app, users["secretariat"], "công tác kiểm tra")  # page 2 now too
    page = admin.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "trang-thai-doc-chu" not in page and page_phrase(2).split()[-1] in page


def test_converter_missing_stores_the_file_unread_then_reextract_reads_it(
    app, users, doc_file, login_as, runner, monkeypatch
):
    from portal.extraction import convert

    real_extract = __import__("portal.extraction", fromlist=["extract_file"]).extract_file
    monkeypatch.setattr(convert, "converter_status", lambda: convert.ConverterStatus(False, None, "LibreOffice"))
    monkeypatch.setattr("portal.extraction.worker.converter_status", convert.converter_status)
    monkeypatch.setattr("portal.extraction.converter_status", convert.converter_status)
    monkeypatch.setattr(
        "portal.extraction.extract_file", lambda path, **kw: real_extract(path, **{**kw, "sandbox": False})
    )
    result = documents.upload_document(doc_file, "Biên bản họp.doc", user=users["secretariat"])
    version = result.document.current_version
    assert version.extraction_status == "unread" and version.unread_code == "converter_missing"
    assert "LibreOffice" in version.unread_reason and any("Chưa đọc được nội dung" in w for w in result.warnings)
    assert version.text_poor and version.storage_name  # kept, listed for the secretariat
    client = login_as("secretariat")
    page = client.get(f"/documents/{result.document.id}").get_data(as_text=True)
    assert "Chưa đọc được nội dung tệp" in page and "LibreOffice" in page and "Đọc lại nội dung tệp" in page
    quality = client.get("/documents/quality").get_data(as_text=True)
    assert "Biên bản họp.doc" in quality and "LibreOffice" in quality
    check = runner.invoke(args=["check", "--json"])
    codes = [p["code"] for p in json.loads(check.output)["problems"]]
    assert "converter_missing" in codes and "documents_unread" not in codes

    monkeypatch.undo()  # LibreOffice is installed now
    check = runner.invoke(args=["check", "--json"])
    problems = json.loads(check.output)["problems"]
    assert "converter_missing" not in [p["code"] for p in problems]
    assert any(p["code"] == "documents_unread" and "reextract --unread" in p["message"] for p in problems)
    out = runner.invoke(args=["documents", "reextract", "--unread"])
    assert out.exit_code == 0, out.output
    version = _fresh_version(version.id)
    assert version.extraction_status == "ok" and PHRASE in "\n".join(p.text for p in version.pages)
    assert not version.text_poor
    assert f"document:{result.document.id}" in _found(app, users["secretariat"], "sinh hoạt chuyên đề quý ba")
    again = runner.invoke(args=["documents", "reextract", "--unread"])
    assert again.exit_code == 0 and "Không có văn bản nào chờ đọc lại" in again.output


def test_doc_made_by_libreoffice_uploads_through_the_web_and_is_searchable(app, users, doc_file, login_as):
    client = login_as("secretariat")
    form = client.get("/documents/upload").get_data(as_text=True)
    for suffix in (".doc", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".jpg", ".jpeg", ".png", ".tif", ".tiff"):
        assert suffix in form.split('accept="')[1].split('"')[0], suffix
    assert "Word (.docx, .doc)" in form and "(.jpg, .jpeg, .png, .tif, .tiff)" in form
    with open(doc_file, "rb") as handle:
        response = client.post(
            "/documents/upload",
            data={"file": (io.BytesIO(handle.read()), "Biên bản họp chi bộ.doc")},
            content_type="multipart/form-data",
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 201, response.get_data(as_text=True)
    document_id = response.get_json()["id"]
    assert f"document:{document_id}" in _found(app, users["secretariat"], "sinh hoạt chuyên đề quý ba")
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert PHRASE in page and "trang-thai-doc-chu" not in page


GARBAGE = "\n".join(
    ["ĐẢNG ỦY VĂN PHÒNG"] + ["Chñ tr¬ng cña §¶ng vÒ c«ng t¸c x©y dùng §¶ng trong t×nh h×nh míi qkx zzv brt"] * 6
)


def test_poor_text_list_shows_a_garbage_document_only_to_those_who_may_see_it(
    app, users, client, login_as, make_document
):
    def as_user(username):
        client.post("/auth/logout")
        return login_as(username)

    poor = make_document(GARBAGE, filename="Nghị quyết lỗi phông.txt", user="secretary", visibility="units")
    good = make_document("Đảng ủy Văn phòng triển khai kế hoạch cải cách hành chính năm 2026 " * 5, user="secretary")
    version = poor.current_version
    assert version.text_poor and version.poor_reason and version.quality["valid_syllable_share"] < 0.6
    assert not good.current_version.text_poor

    for username in ("secretariat", "secretary"):  # the secretariat, and the branch that owns it
        body = as_user(username).get("/documents/quality").get_data(as_text=True)
        assert "Văn bản cần kiểm tra chất lượng chữ" in body and "Nghị quyết lỗi phông.txt" in body
        assert f"/documents/{poor.id}/reextract" in body and f"/documents/{poor.id}/versions/new" in body
        assert "%" in body and good.display_title not in body
    other = as_user("secretary_b").get("/documents/quality").get_data(as_text=True)
    assert "Nghị quyết lỗi phông.txt" not in other and "Không có văn bản nào cần kiểm tra" in other
    assert as_user("member").get("/documents/quality").status_code == 403
    page = as_user("secretariat").get(f"/documents/{poor.id}").get_data(as_text=True)
    assert "Chữ của văn bản cần kiểm tra" in page


def test_flask_check_names_missing_ocr_apart_from_file_problems(app, runner, monkeypatch):
    from portal.extraction.ocr import OcrStatus

    monkeypatch.setattr("portal.extraction.ocr_status", lambda: OcrStatus(False, ["tesseract", "vie"]))
    result = runner.invoke(args=["check", "--json"])
    problems = {p["code"]: p for p in json.loads(result.output)["problems"]}
    assert result.exit_code == 1 and "ocr_unavailable" in problems
    assert (
        "tesseract" in problems["ocr_unavailable"]["message"]
        and "quét lại" not in problems["ocr_unavailable"]["message"]
    )
    assert not [c for c in problems if c.startswith("file_")]


@needs_ocr
def test_import_reports_ocr_waiting_and_wait_finishes_it(app, users, runner, tmp_path):
    folder = tmp_path / "nhap"
    folder.mkdir()
    scan_pdf(folder / "quet-1.pdf", tmp_path, pages=2)
    scan_pdf(folder / "quet-2.pdf", tmp_path, pages=1)
    (folder / "quet-2.pdf").write_bytes((folder / "quet-2.pdf").read_bytes() + b"\n")  # not a duplicate of page 1
    result = runner.invoke(args=["documents", "import", str(folder / "quet-1.pdf"), "--json"])
    row = json.loads(result.stdout)[0]
    assert row["status"] == "imported" and row["extraction"] == "ocr_pending" and row["ocr_pending"] == 2
    assert "đang chờ nhận dạng chữ (OCR)" in result.stderr

    waited = runner.invoke(args=["documents", "import", str(folder / "quet-2.pdf"), "--json", "--wait"])
    row = json.loads(waited.stdout)[0]
    assert row["extraction"] == "ok" and row["ocr_pending"] == 0
    assert "Đang nhận dạng chữ (OCR)" in waited.stderr
    db.session.rollback()
    version = documents.get_document(row["id"], users["admin"]).current_version
    assert version.pages[0].is_ocr and "công tác thanh tra" in version.pages[0].text
