"""Tests for portal.text.normalize with real Vietnamese."""

import unicodedata
from pathlib import Path

import pytest

from portal.text import diacritic_ratio, fold, nfc, normalize, strip_diacritics, syllables

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.mark.parametrize(
    "given, expected",
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("uỷ", "ủy"),
        ("UỶ", "ỦY"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("quý", "quý"),
        ("quỳ", "quỳ"),
        ("hoàn", "hoàn"),
        ("hòan", "hoàn"),
        ("thuyết", "thuyết"),
        ("quyết", "quyết"),
        ("Thuỷ", "Thủy"),
        ("xoá", "xóa"),
        ("hoạch", "hoạch"),
        ("Uỷ ban", "Ủy ban"),
    ],
)
def test_old_style_tone_placement(given, expected):
    assert normalize(given) == expected


def test_decomposed_input_is_composed_and_retoned():
    text = NFD("Đảng uỷ Văn phòng Uỷ ban nhân dân tỉnh về cải cách hành chính")
    assert normalize(text) == "Đảng ủy Văn phòng Ủy ban nhân dân tỉnh về cải cách hành chính"
    assert syllables(text)[:2] == ["đảng", "ủy"]


def test_icelandic_eth_becomes_vietnamese_d_bar():
    assert normalize("Ðảng ủy ðoàn") == "Đảng ủy đoàn"
    assert fold("Ðảng") == "dang"


def test_invisible_chars_and_unicode_spaces():
    assert normalize("Kế\u00a0hoạch\u200b  số\t\t83\u00ad\n\nNgày") == "Kế hoạch số 83\n\nNgày"


def test_case_is_kept():
    assert normalize("CỘNG HÒA XÃ HỘI") == "CỘNG HÒA XÃ HỘI"


def test_nfc_composes():
    assert nfc(NFD("Việt")) == "Việt" and len(nfc(NFD("Việt"))) == 4


def test_fold_removes_all_marks_including_d_bar():
    assert fold("Đảng ủy Văn phòng ĐUVP") == "dang uy van phong duvp"
    assert fold(NFD("Cải cách hành chính")) == "cai cach hanh chinh"
    assert fold("hoá") == fold("hóa") == "hoa"


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đảng ủy Ủy ban") == "Dang uy Uy ban"


def test_syllables_keep_short_words_and_numbers():
    assert syllables("Lấy ý kiến về an ninh, ở cơ sở; năm 2026 (06 rõ)") == [
        "lấy",
        "ý",
        "kiến",
        "về",
        "an",
        "ninh",
        "ở",
        "cơ",
        "sở",
        "năm",
        "2026",
        "06",
        "rõ",
    ]


def test_syllables_split_on_punctuation_and_underscore():
    assert syllables("KT-XH_QP/AN") == ["kt", "xh", "qp", "an"]


def test_diacritic_ratio_tells_real_text_from_garbage():
    real = open(
        Path(__file__).resolve().parents[2] / "samples" / "plan" / "ke-hoach-cchc-2026-2030.txt", encoding="utf-8"
    ).read()
    assert diacritic_ratio(real) >= 0.7
    assert diacritic_ratio("CQNG HOA XA HQI CHU NGHIA VIET NAM") == 0.0
    assert diacritic_ratio("") == 0.0
