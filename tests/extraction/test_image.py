"""Photos and scans as images: PNG/JPEG/TIFF (several pages) OCR'd like scanned pages; bombs refused unread."""

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file, pages_needing_ocr
from portal.extraction import image as image_mod


def test_png_photo_is_ocrd(tesseract, tmp_path):
    path = tmp_path / "anh.png"
    make.scan_image().save(path)
    result = extract_file(str(path))
    assert result.kind == "png" and result.mime == "image/png" and result.page_count == 1
    assert result.pages[0].is_ocr and "CỘNG HÒA" in result.text and "Đảng bộ tỉnh" in result.text
    assert result.pages[0].confidence > 60 and result.quality.ocr_pages == 1


def test_jpeg_with_exif_rotation_is_turned_upright(tesseract, tmp_path):
    from PIL import Image

    path = tmp_path / "dien_thoai.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": the stored pixels lie on their side
    make.scan_image().convert("RGB").rotate(90, expand=True).save(path, quality=90, exif=exif)
    result = extract_file(str(path))
    assert result.kind == "jpeg" and "CỘNG HÒA" in result.text


def test_multi_page_tiff(tesseract, tmp_path):
    path = make.tiff_pages(tmp_path / "quet.tif", pages=2)
    assert pages_needing_ocr(path) == [1, 2]
    result = extract_file(path)
    assert result.kind == "tiff" and result.page_count == 2 and result.ocr_pages == 2
    assert "Trang số 1" in result.pages[0].text and "Trang số 2" in result.pages[1].text


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    from PIL import Image

    path = tmp_path / "bom.png"
    Image.new("1", (20000, 20000)).save(path)  # 400 MP, a few kilobytes on disk
    with pytest.raises(ExtractionError) as info:
        extract_file(str(path), memory_mb=256)
    assert info.value.code == "too_large" and "20000 × 20000" in info.value.message


def test_truncated_image_is_corrupt(tmp_path):
    path = tmp_path / "hong.png"
    path.write_bytes(make.png_bytes()[:40])
    with pytest.raises(ExtractionError) as info:
        extract_file(str(path))
    assert info.value.code in ("corrupt", "empty")


def test_without_pillow_an_image_is_kept_unread(tmp_path, monkeypatch):
    from portal.extraction import ocr

    monkeypatch.setattr(ocr, "ocr_status", lambda: ocr.OcrStatus(False, ["pillow"]))
    path = tmp_path / "anh.png"
    path.write_bytes(make.png_bytes())
    result = image_mod.extract_image(str(path), "png")
    assert result.status == "unread" and "thư viện Pillow" in result.unread_reason
