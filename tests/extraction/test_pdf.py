"""PDF extraction through the sandbox: real Vietnamese PDFs, scans, encrypted, broken and hostile files."""

import time
import unicodedata

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file

LIMIT = 20


def _error(path, **kwargs) -> ExtractionError:
    """Run extract_file expecting an ExtractionError, within the time limit."""
    start = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_file(str(path), timeout=LIMIT, **kwargs)
    assert time.monotonic() - start < LIMIT + 5
    return info.value


def test_vietnamese_pdf_pages(samples):
    result = extract_file(str(samples / "vn.pdf"))
    assert result.kind == "pdf" and result.mime == "application/pdf"
    assert result.page_count == 2 and [p.number for p in result.pages] == [1, 2]
    assert make.QUOC_HIEU in result.pages[0].text and "Nghị quyết số 57-NQ/TW" in result.pages[0].text
    assert result.pages[1].text == "Trang hai: Đảng ủy"
    assert result.text == result.pages[0].text + "\n\n" + result.pages[1].text
    assert unicodedata.is_normalized("NFC", result.text) and result.ocr_pages == 0


def test_decomposed_text_comes_back_nfc(tmp_path):
    path = make.text_pdf(tmp_path / "nfd.pdf", [unicodedata.normalize("NFD", "Đảng bộ tỉnh hành chính")])
    text = extract_file(path).text
    assert unicodedata.is_normalized("NFC", text) and "hành chính" in text


def test_encrypted_pdf_is_refused(samples, tmp_path):
    error = _error(make.encrypted_pdf(tmp_path / "enc.pdf", samples / "vn.pdf"))
    assert error.code == "encrypted" and "mã hóa" in error.message and "gỡ mật khẩu" in error.message


def test_owner_password_only_pdf_is_read(samples, tmp_path):
    path = make.encrypted_pdf(tmp_path / "owner.pdf", samples / "vn.pdf", user_password="")
    assert make.QUOC_HIEU in extract_file(path).text


def test_truncated_pdf_is_corrupt(samples, tmp_path):
    data = (samples / "vn.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    error = _error(path)
    assert error.code in ("corrupt", "empty") and "Tệp" in error.message


def test_circular_xref_ends_quickly(tmp_path):
    error = _error(make.circular_pdf(tmp_path / "loop.pdf"))
    assert error.code == "corrupt" and "bị hỏng" in error.message


def test_flate_bomb_ends_within_limits(tmp_path):
    path = make.flate_bomb_pdf(tmp_path / "bomb.pdf")
    assert (tmp_path / "bomb.pdf").stat().st_size < 5_000_000
    error = _error(path, memory_mb=512)
    assert error.code in ("empty", "too_large", "memory", "timeout") and error.message


def test_exe_renamed_pdf_is_unsupported(tmp_path):
    path = tmp_path / "vanban.pdf"
    path.write_bytes(make.EXE_BYTES)
    error = _error(path)
    assert error.code == "unsupported" and "Chỉ nhận tệp PDF, Word (.docx, .doc)" in error.message


def test_junk_before_the_header_is_skipped(samples, tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\r\n<!-- exported by a document system -->\r\n" * 3 + (samples / "vn.pdf").read_bytes())
    result = extract_file(str(path))
    assert result.page_count == 2 and make.QUOC_HIEU in result.text


def test_junk_beyond_1024_bytes_is_not_a_pdf(samples, tmp_path):
    path = tmp_path / "far.pdf"
    path.write_bytes(b"\x01\x02" * 600 + (samples / "vn.pdf").read_bytes())
    assert _error(path).code == "unsupported"


def test_scan_with_ocr_off_is_kept_unread(tmp_path):
    result = extract_file(make.image_pdf(tmp_path / "scan.pdf", tmp_path), ocr=False)
    assert result.status == "unread" and result.unread_code == "ocr_off" and result.text == ""
    assert "OCR" in result.unread_reason and result.quality.poor and result.ocr_needed == [1]


def test_scan_without_tesseract_is_kept_unread_naming_the_missing_part(tmp_path, monkeypatch):
    from portal.extraction import ocr

    missing = ocr.OcrStatus(False, ["tesseract", "vie"])
    monkeypatch.setattr(ocr, "ocr_status", lambda: missing)
    result = extract_file(make.mixed_pdf(tmp_path / "mixed.pdf", tmp_path), sandbox=False)
    assert result.status == "ok" and result.pages[1].text == "" and not result.pages[1].is_ocr
    assert result.warnings == [
        "Trang 2 không có lớp văn bản; OCR không khả dụng trên máy chủ này (thiếu thành phần tesseract "
        "(gói tesseract-ocr), dữ liệu tiếng Việt vie (gói tesseract-ocr-vie)) nên chưa nhận dạng được."
    ]
    scan = extract_file(make.image_pdf(tmp_path / "scan.pdf", tmp_path), sandbox=False)
    assert scan.status == "unread" and scan.unread_code == "ocr_unavailable"
    assert "OCR không khả dụng trên máy chủ này (thiếu thành phần tesseract" in scan.unread_reason
    assert "quét lại" not in scan.unread_reason and "flask documents reextract" in scan.unread_reason


def test_scan_is_ocrd(tesseract, tmp_path):
    result = extract_file(make.image_pdf(tmp_path / "scan.pdf", tmp_path))
    assert result.ocr_pages == 1 and result.pages[0].is_ocr
    assert "CỘNG HÒA" in result.text and "Đảng" in result.text


def test_garbage_layer_is_replaced_by_ocr(tesseract, tmp_path):
    garbage = "CQNG HOA XA HQI CHU NGHIA VIET NAM Doc lap Tu do Hanh phuc " * 4
    result = extract_file(make.image_pdf(tmp_path / "garbage.pdf", tmp_path, text_layer=garbage))
    assert result.pages[0].is_ocr and "CỘNG HÒA" in result.text and "CQNG" not in result.text


def test_legacy_font_layer_is_converted(tmp_path):
    legacy = make.TCVN3_TEXT.decode("cp1252") * 3
    result = extract_file(make.text_pdf(tmp_path / "tcvn3.pdf", [legacy]))
    assert result.legacy_encoding == "TCVN3" and "Cộng hòa xã hội chủ nghĩa Việt Nam" in result.text
    assert not result.quality.poor and result.status == "ok"
