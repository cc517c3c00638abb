"""OCR of real-looking scans: the per-page decision, orientation, confidence, page-by-page OCR for the background,
the quick upload-time look, and naming what is missing when OCR cannot run."""

import time

import _make_files as make
import pytest

from portal.extraction import (
    ExtractionError,
    extract_file,
    ocr_pages,
    ocr_status,
    pages_needing_ocr,
    scan_page_count,
    scan_summary,
)
from portal.extraction import ocr as ocr_mod


def test_status_reports_components():
    status = ocr_status()
    assert isinstance(status.available, bool) and isinstance(status.missing, list)
    assert set(status.missing) <= set(ocr_mod.COMPONENTS)


def test_status_names_the_missing_component(monkeypatch):
    ocr_mod.ocr_status.cache_clear()
    monkeypatch.setattr(ocr_mod.shutil, "which", lambda name: None)
    try:
        status = ocr_mod.ocr_status()
        assert not status.available and {"tesseract", "vie", "pdftoppm"} <= set(status.missing)
        assert status.missing_text.startswith("tesseract (gói tesseract-ocr)")
    finally:
        ocr_mod.ocr_status.cache_clear()


def test_parse_tsv_lines_blocks_and_confidence():
    tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [(1, 1, 1, 1, 90, "Đảng"), (1, 1, 1, 2, 70, "ủy"), (1, 1, 2, 1, 80, "xã"), (2, 1, 1, 1, 60, "Chi")]
    for block, par, line, word, conf, text in rows:
        tsv += f"5\t1\t{block}\t{par}\t{line}\t{word}\t0\t0\t1\t1\t{conf}\t{text}\n"
    tsv += "4\t1\t2\t1\t1\t0\t0\t0\t1\t1\t-1\t\n"
    assert ocr_mod.parse_tsv(tsv) == ("Đảng ủy\nxã\n\nChi", 75.0)
    assert ocr_mod.parse_tsv("level\n") == ("", None)


def test_quick_look_lists_scanned_pages_fast(tmp_path):
    path = make.mixed_pdf(tmp_path / "mixed.pdf", tmp_path)
    scan_summary(path)  # the first call starts the forkserver; a running server has it warm
    start = time.monotonic()
    summary = scan_summary(path)
    assert time.monotonic() - start < 2
    assert summary.kind == "pdf" and summary.page_count == 2 and summary.ocr_needed == [2]
    assert scan_page_count(path) == 2 and pages_needing_ocr(path) == [2]
    assert pages_needing_ocr(make.text_pdf(tmp_path / "t.pdf", ["Đảng ủy " * 20, ""])) == []  # blank page: no OCR


def test_stamp_layer_over_a_scan_is_ocrd_and_replaced(tesseract, tmp_path):
    path = make.stamped_scan_pdf(tmp_path / "stamp.pdf", tmp_path)
    assert pages_needing_ocr(path) == [1]
    result = extract_file(path)
    page = result.pages[0]
    assert page.is_ocr and "CỘNG HÒA" in page.text and 0 < page.confidence <= 100
    assert page.text.count("CỘNG HÒA") == 1  # the OCR text replaces the layer, never beside it


def test_rotated_scan_is_turned_by_osd(tesseract, tmp_path):
    if "osd" not in ocr_status().languages:
        pytest.skip("tesseract has no osd data")
    result = extract_file(make.rotated_scan_pdf(tmp_path / "xoay.pdf", tmp_path))
    assert result.pages[0].is_ocr and "CỘNG HÒA" in result.text and "Đảng bộ tỉnh" in result.text


def test_deferred_ocr_then_page_by_page(tesseract, tmp_path):
    path = make.mixed_pdf(tmp_path / "mixed.pdf", tmp_path)
    quick = extract_file(path, defer_ocr=True)
    assert quick.status == "ocr_pending" and quick.ocr_needed == [2] and quick.pages[1].text == ""
    assert "Trang một có chữ" in quick.pages[0].text and not quick.quality.poor
    pages = list(ocr_pages(path, quick.ocr_needed))
    assert [p.number for p in pages] == [2] and pages[0].is_ocr and "CỘNG HÒA" in pages[0].text
    assert pages[0].confidence is not None


def test_ocr_pages_resumes_from_any_page(tesseract, tmp_path):
    path = make.tiff_pages(tmp_path / "quet.tif", pages=3)
    assert [p.number for p in ocr_pages(path, [3])] == [3]


def test_ocr_pages_names_the_missing_component(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_mod, "ocr_status", lambda: ocr_mod.OcrStatus(False, ["vie"]))
    monkeypatch.setattr("portal.extraction.api.ocr_status", ocr_mod.ocr_status)
    with pytest.raises(ExtractionError) as info:
        list(ocr_pages(make.image_pdf(tmp_path / "s.pdf", tmp_path)))
    assert info.value.code == "ocr_unavailable"
    assert (
        info.value.message
        == "OCR không khả dụng trên máy chủ này (thiếu thành phần dữ liệu tiếng Việt vie (gói tesseract-ocr-vie))."
    )


def test_unreadable_scan_says_so(tesseract, tmp_path):
    from PIL import Image

    png = tmp_path / "trang.png"
    Image.new("L", (1240, 1754), 255).save(png)  # a blank sheet scanned: OCR runs and finds nothing
    with pytest.raises(ExtractionError) as info:
        extract_file(str(png))
    assert info.value.code == "empty" and "Bản quét không đọc được" in info.value.message


def test_out_of_time_leaves_the_rest_for_the_background(tesseract, tmp_path):
    from portal.extraction.image import extract_image
    from portal.extraction.pdf import extract_pdf

    pdf = extract_pdf(make.mixed_pdf(tmp_path / "m.pdf", tmp_path), deadline=time.monotonic() + 1)
    assert pdf.status == "ocr_pending" and pdf.ocr_needed == [2] and "Trang một" in pdf.pages[0].text
    tiff = extract_image(make.tiff_pages(tmp_path / "q.tif", pages=2), "tiff", deadline=time.monotonic() + 1)
    assert tiff.status == "ocr_pending" and tiff.ocr_needed == [1, 2] and not tiff.warnings


def test_rendered_pages_tell_tesseract_their_resolution(tmp_path, monkeypatch):
    # A PGM records no resolution; tesseract's guess ("518") made it see "Empty page!!" on 2 of 13 real scan pages.
    from portal.extraction.pdf import extract_pdf

    if not ocr_status().available or "pdftoppm" in ocr_status().missing:
        pytest.skip("needs tesseract and pdftoppm")
    seen = []

    def fake_ocr_file(src, timeout=0, lang="vie", dpi=None):
        seen.append((src.rsplit(".", 1)[-1], dpi))
        return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 90.0

    monkeypatch.setattr(ocr_mod, "ocr_file", fake_ocr_file)
    result = extract_pdf(make.image_pdf(tmp_path / "s.pdf", tmp_path))
    assert seen == [("pgm", 300)] and result.pages[0].is_ocr
