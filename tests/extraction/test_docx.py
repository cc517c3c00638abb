"""DOCX extraction: order with tables, zip checks before parsing, hostile XML."""

import resource
import time

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file


def _error(path, limit=20) -> ExtractionError:
    """Run extract_file expecting an ExtractionError, within the time limit."""
    start = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_file(str(path), timeout=limit)
    assert time.monotonic() - start < limit + 5
    return info.value


def test_paragraphs_and_tables_in_order(samples):
    result = extract_file(str(samples / "vn.docx"))
    assert result.kind == "docx" and result.page_count == 1 and result.pages[0].number == 1
    lines = result.text.split("\n")
    assert lines[0] == make.QUOC_HIEU and lines[1] == make.TIEU_NGU
    assert lines[-3:] == ["Số | Nội dung", "1 | Đảng ủy", "Nơi nhận: Ban Thường vụ."]


def test_zip_bomb_is_refused_before_parsing(samples, tmp_path):
    path = make.docx_bomb(tmp_path / "bomb.docx", samples / "vn.docx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = _error(path, limit=10)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"parent max RSS {before / 1024:.0f} MB -> {after / 1024:.0f} MB while refusing the zip bomb")
    assert error.code == "zip_bomb" and "bom nén" in error.message
    assert after - before < 50 * 1024


def test_billion_laughs_is_refused(samples, tmp_path):
    path = make.replace_in_zip(samples / "vn.docx", tmp_path / "laughs.docx", "word/document.xml", make.BILLION_LAUGHS)
    error = _error(path, limit=10)
    assert error.code == "corrupt" and "DOCX bị hỏng" in error.message


def test_traversal_names_are_refused(samples, tmp_path):
    path = tmp_path / "evil.docx"
    make.replace_in_zip(samples / "vn.docx", path, "none", b"")
    import zipfile

    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("../../etc/cron.d/x", "x")
    error = _error(path)
    assert error.code == "corrupt" and "an toàn" in error.message


def test_corrupt_zip(samples, tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes((samples / "vn.docx").read_bytes()[:3000])
    assert _error(path).code == "corrupt"


def test_broken_xlsx_renamed_docx_is_read_as_a_spreadsheet(tmp_path):
    error = _error(make.plain_zip(tmp_path / "bang.docx"))
    assert error.code == "corrupt" and "bảng tính" in error.message


def test_other_zip_is_unsupported(tmp_path):
    error = _error(make.plain_zip(tmp_path / "a.docx", names=("a.txt", "b.txt")))
    assert error.code == "unsupported" and "Tệp nén này không phải" in error.message


def test_headers_footers_text_boxes_and_notes_in_reading_order(tmp_path):
    text = extract_file(make.full_docx(tmp_path / "full.docx")).text
    order = [make.HEADER, make.QUOC_HIEU, make.TEXT_BOX, "STT | Đơn vị | Số đảng viên", "1 | Chi bộ Tổng hợp | 25"]
    order += [make.BODY, make.FOOTNOTE, make.ENDNOTE, make.FOOTER]
    positions = [text.find(part) for part in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert text.count(make.TEXT_BOX) == 1  # the VML fallback copy is not read twice


def test_empty_document(tmp_path):
    import docx

    document = docx.Document()
    document.save(tmp_path / "empty.docx")
    assert _error(tmp_path / "empty.docx").code == "empty"
