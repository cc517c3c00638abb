"""Tests for portal.text.abbreviations."""

from portal.text import fold, syllables
from portal.text.abbreviations import ABBREVIATIONS, AMBIGUOUS, abbreviations_in, expand_query


def test_table_is_keyed_by_folded_lowercase():
    assert len(ABBREVIATIONS) >= 25
    assert ABBREVIATIONS["cchc"] == "cải cách hành chính" and ABBREVIATIONS["cds"] == "chuyển đổi số"
    assert ABBREVIATIONS["ubnd"] == "ủy ban nhân dân" and ABBREVIATIONS["kt-xh"] == "kinh tế xã hội"
    assert all(k == fold(k) for k in ABBREVIATIONS)


def test_expand_abbreviation():
    assert expand_query(["cchc"]) == [["cchc"], ["cải", "cách", "hành", "chính"]]


def test_expand_exact_and_folded_spellings_and_hyphenated():
    assert expand_query(syllables("CĐS"))[1] == ["chuyển", "đổi", "số"]
    assert expand_query(["cds"])[1] == ["chuyển", "đổi", "số"]
    assert expand_query(syllables("KT-XH"))[1] == ["kinh", "tế", "xã", "hội"]


def test_contract_full_form_in_a_longer_query():
    alts = expand_query(syllables("đẩy mạnh cải cách hành chính"))
    assert ["đẩy", "mạnh", "cchc"] in alts
    assert [fold(s) for s in expand_query(["cai", "cach", "hanh", "chinh"])[1]] == ["cchc"]


def test_ordinary_syllables_are_not_expanded():
    assert {"tu", "du"} <= AMBIGUOUS
    assert expand_query(syllables("tự chủ tài chính")) == [["tự", "chủ", "tài", "chính"]]
    assert expand_query(["du", "lịch"]) == [["du", "lịch"]]


def test_abbreviations_found_in_text():
    text = "Đảng ủy Văn phòng Ủy ban nhân dân tỉnh lãnh đạo cải cách hành chính gắn với chuyển đổi số"
    found = abbreviations_in(syllables(text))
    assert {"duvp", "ubnd", "cchc", "cds"} <= set(found)
    assert abbreviations_in(syllables("an ninh mạng")) == []
