"""The upload service on real files: every accepted kind, every kind of bad file, duplicates, metadata, failures."""

import os

import _doc_files as files
import pytest
from sqlalchemy import select
from support import index_jobs

from portal.errors import NotAllowed, UploadRejected
from portal.extensions import db
from portal.models import AuditEvent


def test_text_pdf_keeps_pages_and_reads_the_header(upload):
    result = upload(files.pdf([files.CHI_THI, "Trang hai: Đảng ủy Văn phòng chỉ đạo chuyển đổi số."]), "Chỉ thị 21.pdf")
    doc = result.document
    version = doc.current_version
    assert result.status == "imported"
    assert (version.kind, version.mime, version.page_count) == ("pdf", "application/pdf", 2)
    assert [p.page_no for p in version.pages] == [1, 2]
    assert "chuyển đổi số" in version.pages[1].text
    assert (doc.number, doc.number_key, doc.doc_type) == ("21-CT/TU", "21-CT-TU", "chi_thi")
    assert doc.issuer == "Ban Thường vụ Tỉnh ủy" and doc.place == "Lào Cai"
    assert doc.issued_on.isoformat() == "2026-04-04" and doc.issued_year == 2026
    assert doc.signer_mark == "T/M BAN THƯỜNG VỤ" and doc.signer_name == "Nguyễn Văn An"
    assert "Lưu Văn phòng Tỉnh ủy" in doc.recipients
    assert doc.title.lower().startswith("về tăng cường sự lãnh đạo")


def test_upload_is_audited_and_queued_for_the_index(upload):
    doc = upload(files.CHI_THI, "ct.txt").document
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "documents", AuditEvent.object_id == str(doc.id))
    ).all()
    assert actions == ["document.upload"]
    assert index_jobs("document", doc.id) == [{"kind": "document", "id": doc.id, "action": "upsert"}]


def test_scanned_pdf_is_marked_ocr_when_tesseract_is_there(app, upload):
    from portal.extraction import ocr

    if not ocr.tesseract_ready():
        if os.environ.get("CI") == "true":
            pytest.fail("OCR needs tesseract with Vietnamese (tesseract-ocr, tesseract-ocr-vie) under CI")
        pytest.skip("tesseract with Vietnamese data is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")
    from portal.extensions import db
    from portal.services import documents, jobs

    result = upload(files.scan_pdf(), "Báo cáo quét.pdf")
    version = result.document.current_version
    assert version.extraction_status == "ocr_pending" and version.ocr_pending == [1]  # OCR waits for its job
    assert jobs.drain(app, [documents.OCR_KIND]) == 1
    db.session.rollback()
    version = documents.get_document(result.document.id, result.document.created_by).current_version
    assert version.ocr_pages == 1 and version.pages[0].is_ocr
    assert "Báo cáo" in version.pages[0].text or "Độc lập" in version.pages[0].text
    assert any("OCR" in w for w in result.warnings)


def test_docx(upload):
    doc = upload(files.docx(files.KE_HOACH.splitlines()), "Kế hoạch 83.docx").document
    assert doc.current_version.kind == "docx"
    assert doc.number == "83-KH/ĐU" and doc.doc_type == "ke_hoach"


def test_markdown_is_rendered_and_sanitised(upload):
    md = "# Thông báo\n\nNội dung **quan trọng** về Đảng ủy.\n\n<script>alert('x')</script>\n\n[xem](javascript:alert(1))\n"
    doc = upload(md, "thong-bao.md").document
    assert doc.current_version.kind == "markdown"
    assert "<strong>quan trọng</strong>" in doc.html
    assert "<script" not in doc.html and "javascript:" not in doc.html


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1258"])
def test_plain_text_in_each_encoding(upload, encoding):
    text = "Đảng ủy Văn phòng báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính năm 2026.\n"
    data = files.cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    doc = upload(data, f"bao-cao-{encoding}.txt").document
    assert "Đảng ủy Văn phòng báo cáo kết quả" in doc.text


def test_tcvn3_text_is_converted_and_says_so(upload):
    result = upload(files.TCVN3_TEXT, "van-ban-cu.txt")
    doc = result.document
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in doc.text or "Cộng hoà xã hội chủ nghĩa Việt Nam" in doc.text
    assert doc.legacy_encoding == "TCVN3"
    assert any("TCVN3" in w for w in result.warnings)


BAD_FILES = {
    "encrypted": (lambda: files.encrypted_pdf(files.pdf(["Đảng ủy"])), "mat.pdf", "mã hóa"),
    "corrupt": (lambda: files.pdf(["Đảng ủy Văn phòng"])[:300], "hong.pdf", "hỏng"),
    "empty": (lambda: b"", "trong.txt", "không có nội dung"),
    "gif renamed": (files.gif, "anh.pdf", "không được hỗ trợ"),
    "docx bomb": (files.docx_bomb, "bom.docx", "bom nén"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gets_its_message_and_nothing_is_stored(upload, stored_files, counts, kind):
    make, name, words = BAD_FILES[kind]
    with pytest.raises(UploadRejected) as caught:
        upload(make(), name)
    assert words in caught.value.message
    assert counts() == (0, 0, 0)
    assert stored_files() == []


def test_over_the_size_limit_is_413(app, upload, stored_files, counts):
    app.config["MAX_UPLOAD_MB"] = 1
    with pytest.raises(UploadRejected) as caught:
        upload(b"a" * (1024 * 1024 + 1), "lon.txt")
    assert caught.value.status == 413
    assert caught.value.message == "Tệp vượt quá dung lượng cho phép (1 MB)."
    assert counts() == (0, 0, 0) and stored_files() == []


def test_same_bytes_lead_to_the_existing_document(upload, stored_files):
    first = upload(files.CHI_THI, "a.txt")
    second = upload(files.CHI_THI, "b.txt")
    assert second.status == "duplicate" and second.document.id == first.document.id
    assert second.duplicate_of.id == first.document.id
    assert len(stored_files()) == 1


def test_duplicate_of_a_hidden_document_is_not_revealed(upload):
    hidden = upload("Báo cáo riêng của chi bộ Tổng hợp.", "bc.txt", user="secretary_b").document
    again = upload("Báo cáo riêng của chi bộ Tổng hợp.", "bc.txt", user="secretary")
    assert again.status == "imported" and again.document.id != hidden.id


def test_same_number_and_issuer_warns_but_stores(upload):
    first = upload(files.CHI_THI, "a.txt").document
    second = upload(files.CHI_THI + "\nBản sao có chỉnh sửa.", "b.txt")
    assert second.status == "imported" and second.document.id != first.id
    assert any(w.startswith("Có thể trùng với văn bản số 21-CT/TU") for w in second.warnings)


def test_caller_metadata_wins_over_the_header(upload):
    doc = upload(
        files.CHI_THI, "a.txt", metadata={"title": "Tiêu đề do người nhập", "issued_on": "05/04/2026"}, doc_type="khac"
    ).document
    assert doc.title == "Tiêu đề do người nhập" and doc.issued_on.isoformat() == "2026-04-05"
    assert doc.doc_type == "khac" and doc.number == "21-CT/TU"


def test_draft_without_number(upload):
    text = "ĐẢNG ỦY VĂN PHÒNG\n*\nSố - KH/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nLào Cai, ngày   tháng 5 năm 2026\n\nKẾ HOẠCH\nvề cải cách hành chính\n\nThực hiện chỉ đạo.\n"
    doc = upload(text, "du-thao.txt").document
    assert doc.number is None and doc.is_draft and doc.doc_type == "ke_hoach"
    assert (doc.issued_year, doc.issued_month, doc.issued_on) == (2026, 5, None)


def test_defaults_visibility_by_role(upload, users):
    by_secretariat = upload("Thông báo chung.", "tb.txt", user="secretariat").document
    by_branch = upload("Báo cáo chi bộ.", "bc.txt", user="secretary").document
    assert by_secretariat.visibility == "all"
    assert by_branch.visibility == "units" and by_branch.owner_unit_id == users["secretary"].unit_id


def test_branch_secretary_cannot_upload_for_another_branch(upload, counts):
    with pytest.raises(NotAllowed):
        upload("Báo cáo.", "bc.txt", user="secretary", owner_unit_code="CB-B")
    with pytest.raises(NotAllowed):
        upload("Báo cáo.", "bc.txt", user="member")
    assert counts() == (0, 0, 0)


def test_failure_after_the_file_is_stored_leaves_no_row_and_no_file(upload, stored_files, counts, monkeypatch):
    def broken_commit():
        raise RuntimeError("cơ sở dữ liệu hỏng giữa chừng")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        upload(files.CHI_THI, "a.txt")
    monkeypatch.undo()
    assert counts() == (0, 0, 0)
    assert stored_files() == []


def test_full_disk_is_a_clear_refusal(upload, stored_files, counts, monkeypatch):
    import errno

    from portal.services import storage

    def full(_src, _handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_copy", full)
    with pytest.raises(UploadRejected) as caught:
        upload(files.CHI_THI, "a.txt")
    assert "hết dung lượng" in caught.value.message
    assert counts() == (0, 0, 0) and stored_files() == []


def test_preview_reads_without_storing(app, tmp_path, stored_files, counts):
    from portal.services import documents

    path = tmp_path / "kh.txt"
    path.write_text(files.KE_HOACH, encoding="utf-8")
    preview = documents.preview_metadata(str(path), "kh.txt")
    assert preview.metadata["number"] == "83-KH/ĐU" and preview.metadata["doc_type"] == "ke_hoach"
    assert counts() == (0, 0, 0) and stored_files() == []


def test_chosen_units_see_a_units_document(upload, users):
    from portal.security import can_see_document

    doc = upload("Báo cáo chung của hai chi bộ.", "bc.txt", user="secretary", unit_codes=["CB-B"]).document
    assert doc.visibility == "units"
    seen = {name: can_see_document(users[name], doc.id) for name in ("member", "member_b", "secretary_b", "leader")}
    assert seen == {"member": True, "member_b": True, "secretary_b": True, "leader": False}
