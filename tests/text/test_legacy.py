"""Tests for portal.text.legacy: TCVN3 and VNI mojibake, and decoding file bytes."""

import re
import unicodedata
from pathlib import Path

import pytest

from portal.text.legacy import (
    TCVN3_TO_UNICODE,
    decode_bytes,
    detect_and_convert,
    encode_tcvn3,
    encode_vni,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from portal.text.normalize import normalize, split_tone

PLAN = open(
    Path(__file__).resolve().parents[2] / "samples" / "plan" / "ke-hoach-cchc-2026-2030.txt", encoding="utf-8"
).read()
SENTENCES = [s.strip() for s in re.split(r"[.;\n]", PLAN) if len(s.split()) >= 6][:50]
LINE = "Đảng ủy Văn phòng xây dựng kế hoạch triển khai thực hiện công tác cải cách hành chính, trường học, người dân"


def _cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: precomposed shape letter (â, ơ, đ...) then the tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        base, tone = split_tone(ch)
        out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def test_tcvn3_table_has_every_vietnamese_letter():
    assert len(TCVN3_TO_UNICODE) == 67 + 7
    letters = set(TCVN3_TO_UNICODE.values())
    assert {"đ", "ư", "ợ", "ỵ", "ẫ", "Đ", "Ư"} <= letters


@pytest.mark.parametrize(
    "mojibake, expected",
    [
        ("§¶ng bé", "Đảng bộ"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("C¸c chi bé trùc thuéc", "Các chi bộ trực thuộc"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ],
)
def test_known_tcvn3_mojibake(mojibake, expected):
    assert detect_and_convert(mojibake) == (expected, "TCVN3")


@pytest.mark.parametrize(
    "mojibake, expected",
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Vieät Nam", "Việt Nam"),
        ("Ñaûng boä", "Đảng bộ"),
        ("Tröôøng hoïc", "Trường học"),
    ],
)
def test_known_vni_mojibake(mojibake, expected):
    assert detect_and_convert(mojibake) == (expected, "VNI")


@pytest.mark.parametrize("sentence", SENTENCES[:20])
def test_tcvn3_round_trip_of_plan_sentences(sentence):
    text, name = detect_and_convert(encode_tcvn3(sentence))
    assert name == "TCVN3"
    assert text.lower() == normalize(sentence).lower()


@pytest.mark.parametrize("sentence", SENTENCES[:20])
def test_vni_round_trip_of_plan_sentences(sentence):
    assert detect_and_convert(encode_vni(sentence)) == (normalize(sentence), "VNI")


def test_tcvn3_toned_capitals_fall_back_to_lowercase():
    assert tcvn3_to_unicode(encode_tcvn3("Ủy ban")) == "ủy ban"


def test_converters_leave_ascii_alone():
    assert vni_to_unicode("Nam 2026") == "Nam 2026" and tcvn3_to_unicode("Nam 2026") == "Nam 2026"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_no_false_positive_on_unicode_vietnamese(sentence):
    assert len(SENTENCES) == 50
    assert detect_and_convert(sentence) == (sentence, None)
    nfd = unicodedata.normalize("NFD", sentence)
    assert detect_and_convert(nfd) == (nfd, None)


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog.",
        "Café résumé naïve façade — déjà vu, São Paulo, Zürich.",
        "bé có cá",  # Vietnamese that happens to fit in latin-1 stays as it is
        "Cong hoa xa hoi chu nghia Viet Nam",
        "",
    ],
)
def test_no_false_positive_on_other_text(text):
    assert detect_and_convert(text) == (text, None)


def test_decode_utf8_and_bom():
    assert decode_bytes(LINE.encode("utf-8")) == (LINE, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + LINE.encode("utf-8")) == (LINE, "utf-8-sig")
    assert decode_bytes(LINE.encode("utf-16")) == (LINE, "utf-16")


def test_decode_utf16_without_bom():
    assert decode_bytes(LINE.encode("utf-16-le")) == (LINE, "utf-16-le")
    assert decode_bytes(LINE.encode("utf-16-be")) == (LINE, "utf-16-be")


def test_decode_windows_1258_is_composed():
    text, name = decode_bytes(_cp1258(LINE))
    assert (text, name) == (LINE, "cp1258")


def test_decode_tcvn3_and_vni_files():
    assert decode_bytes(encode_tcvn3(LINE).encode("cp1252")) == (LINE, "TCVN3")
    assert decode_bytes(encode_vni(LINE).encode("cp1252")) == (LINE, "VNI")


@pytest.mark.parametrize(
    "data", [b"", b"\xff\xfe\x00", b"\xfe\xff\xd8\x00", bytes(range(256)), b"\x00" * 7, b"\x81\x8d\x8f"]
)
def test_decode_never_raises(data):
    text, name = decode_bytes(data)
    assert isinstance(text, str) and name
