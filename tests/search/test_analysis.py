"""Analysis rules with real Vietnamese: NFC, Ð, tone placement, every syllable kept, folding, bigrams, abbreviations."""

import unicodedata

from portal.search.analysis import ANALYZER_VERSION, VietnameseTokenizer, has_diacritics, terms


def unigrams(text, form="exact"):
    return [t for t in terms(text, form, with_bigrams=False)]


def test_nfd_and_nfc_give_the_same_terms():
    s = "Cải cách hành chính"
    assert terms(unicodedata.normalize("NFD", s)) == terms(s)
    assert "hành" in terms(unicodedata.normalize("NFD", s))


def test_eth_lookalike_is_read_as_d_stroke():
    assert terms("Ðảng ủy") == terms("Đảng ủy")
    assert "đảng" in terms("Ðảng ủy")
    assert "dang" in terms("Ðảng ủy", "folded")


def test_tone_placement_variants_meet():
    for a, b in [("hoà", "hòa"), ("uỷ", "ủy"), ("thuý", "thúy"), ("Hoá", "Hóa")]:
        assert unigrams(a) == unigrams(b), (a, b)


def test_every_syllable_kept_including_one_letter_and_english_stop_words():
    got = unigrams("An ninh ở xã, ý kiến của tổ và an toàn")
    for s in ["an", "ninh", "ở", "xã", "ý", "kiến", "của", "tổ", "và"]:
        assert s in got
    assert "to" in unigrams("tổ", "folded")


def test_folded_form_has_no_diacritics_and_d():
    assert unigrams("Đường cải cách", "folded") == ["duong", "cai", "cach"]


def test_bigrams_exact_and_folded():
    assert "hành_chính" in terms("cải cách hành chính")
    assert "chuyển_đổi" in terms("chuyển đổi số") and "đổi_số" in terms("chuyển đổi số")
    assert "hanh_chinh" in terms("cải cách hành chính", "folded")


def test_full_form_adds_abbreviation_term():
    assert "cchc" in terms("Đẩy mạnh cải cách hành chính")
    assert "cchc" in terms("Đẩy mạnh cải cách hành chính", "folded")


def test_diacritics_detection():
    assert has_diacritics("cải cách")
    assert has_diacritics("Đ")
    assert not has_diacritics("cai cach hanh chinh")


def test_tokenizer_yields_terms_and_has_a_stamp():
    assert [t.text for t in VietnameseTokenizer()("An ninh")] == ["an", "ninh", "an_ninh"]
    assert ANALYZER_VERSION
