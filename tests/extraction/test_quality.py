"""Extraction quality: numbers per file and the "poor" verdict with a Vietnamese reason."""

import _make_files as make

from portal.extraction import Page, assess_pages, extract_file
from portal.text.legacy import encode_tcvn3
from portal.text.phonology import valid_syllable_share


def test_valid_syllable_share():
    assert valid_syllable_share(make.BODY)[1] > 0.85
    assert valid_syllable_share("Céng hoµ x· héi chñ nghÜa ViÖt Nam")[1] < 0.6
    assert valid_syllable_share("57 2026 10.5") == (0, 0.0)


def test_good_text_is_not_poor(samples):
    quality = extract_file(str(samples / "vn.pdf")).quality
    assert quality.pages == 2 and quality.characters > 100 and quality.words > 20
    assert quality.valid_syllable_share > 0.8 and quality.ocr_pages == 0 and quality.ocr_confidence is None
    assert not quality.poor and quality.reason is None and quality.empty_pages == []


def test_low_ocr_confidence_asks_for_a_rescan():
    pages = [Page(1, make.BODY, is_ocr=True, confidence=41.0), Page(2, make.BODY, is_ocr=True, confidence=55.0)]
    quality = assess_pages(pages)
    assert quality.ocr_pages == 2 and quality.ocr_confidence == 48.0 and quality.poor
    assert "quét lại" in quality.reason and "48/100" in quality.reason


def test_empty_pages_are_poor_unless_waiting_for_ocr():
    pages = [Page(1, make.BODY), Page(2, "")]
    assert assess_pages(pages).empty_pages == [2] and "trang 2 không có chữ" in assess_pages(pages).reason
    assert not assess_pages(pages, pending=[2]).poor


def test_legacy_font_not_converted_is_named():
    garbled = encode_tcvn3(make.BODY + " " + make.QUOC_HIEU.lower())
    quality = assess_pages([Page(1, garbled + " ¸")])
    assert quality.poor and quality.valid_syllable_share < 0.6
    assert "phông chữ cũ (TCVN3/VNI) chưa chuyển đổi" in quality.reason


def test_garbage_is_poor_with_its_share():
    quality = assess_pages([Page(1, "xqz brrt kkdl mnnx wrpq " * 10)])
    assert quality.poor and "âm tiết tiếng Việt hợp lệ" in quality.reason
