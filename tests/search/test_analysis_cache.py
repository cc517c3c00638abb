"""Analysis cached per distinct token gives byte-identical terms to whole-text analysis, on varied Vietnamese text."""

import random
import unicodedata

import pytest

from portal.search import analysis
from portal.search.analysis import EXACT, FOLDED, _abbreviations_in, _analyze, terms
from portal.text.abbreviations import ABBREVIATIONS, abbreviations_in

SYLLABLES = (
    "Đảng ủy uỷ hóa hoá hòa hoà khỏe khoẻ thúy thuý quý của tổ và ở ý an ninh cải cách hành chính chuyển đổi số "
    "Ủy ban nhân dân tỉnh Bắc Ninh Nghị quyết Chỉ thị Quyết định đường dương đương thể thế người Việt Nam "
    "giấy chứng nhận quyền sử dụng đất thừa kế hôn nhân gia đình trách nhiệm hình sự bảo hiểm xã hội KT-XH "
    "CCHC cđs UBND HĐND QĐ-UBND NĐ-CP 91/2016/NĐ-CP 21-CT/TU 1350/QĐ-UBND ĐẢNG ỦY HOÀ THUỶ Điều 5 khoản 2 a) b) "
    "nghiêng ngoằn nguyễn quốc gia thuở xưa giữ gìn ưu tiên ươm mầm ngoẵng khuya"
).split()
ODD = [
    "\u00d0",  # Ð look-alike of Đ
    "\u00f0",
    "\u0189",
    "\u200b",  # invisible
    "\u00ad",  # soft hyphen
    "\u00a0",  # no-break space
    "\u2003",
    "\u2028",
    "\t",
    "\n",
    "  ",
    "\u0301",  # a lone combining mark
    "\u0323",
    "_",
    "-",
    "/",
    "…",
    "“",
    "”",
    "–",
    "•",
    "%",
    "²",
    "½",
    "ª",
    "ß",
    "\u1e9e",  # ẞ
    "İ",  # lowercases to two characters
    "ǅ",
    "Σ",  # final sigma depends on context
    "ΑΣ",
    "Москва",
    "中文",
    "😀",
    "ﬁ",
    "Ⅻ",
    "١٢",
    "\u0130stanbul",
    "K\u212a",  # Kelvin sign
    "x\u0308y",
    "ø",
    "æ",
    "œ",
    "ŋ",
    "ɲ",
    "\ufeff",
]


def _allowed_chars():
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2010, 0x205F)]
    return [chr(c) for a, b in ranges for c in range(a, b + 1)]


def _samples(n, seed):
    rnd = random.Random(seed)
    allowed = _allowed_chars()
    out = []
    for _ in range(n):
        words = []
        for _ in range(rnd.randint(1, 40)):
            r = rnd.random()
            if r < 0.7:
                w = rnd.choice(SYLLABLES)
            elif r < 0.85:
                w = rnd.choice(ODD)
            else:
                w = "".join(rnd.choice(allowed) for _ in range(rnd.randint(1, 4)))
            if rnd.random() < 0.1:
                w = w.upper()
            if rnd.random() < 0.1:
                w = unicodedata.normalize("NFD", w)
            words.append(w)
        sep = rnd.choice([" ", " ", " ", "", ", ", "\n", "  "])
        out.append(sep.join(words))
    return out


CASES = [
    "",
    "Cải cách hành chính",
    unicodedata.normalize("NFD", "Cải cách hành chính, chuyển đổi số"),
    "Ðảng ủy xã ÐÔNG ANH và Uỷ ban nhân dân; hoá đơn, hoà giải, thuỷ lợi",
    "Đẩy mạnh cải cách hành chính (CCHC) và chuyển đổi số, phát triển kinh tế - xã hội",
    "Nghị định 91/2016/NĐ-CP ngày 01/7/2016; Kế hoạch 21-CT/TU",
    "İstanbul ΣΟΦΟΣ σοφός Москва 中文 😀 ﬁnal",
    "ab\u0301cd e\u0323 \u0301",
    "soft\u00adhyphen zero\u200bwidth nbsp\u00a0space",
]


@pytest.mark.parametrize("text", CASES)
def test_cached_equals_whole_text_on_known_cases(text):
    assert _analyze(text, cached=True) == _analyze(text, cached=False)
    for form in (EXACT, FOLDED):
        cached = terms(text, form)
        analysis._MEMO.clear()
        assert cached == terms(text, form)


def test_cached_equals_whole_text_on_random_vietnamese_text():
    mismatches = []
    for text in _samples(3000, seed=16):
        analysis._MEMO.clear()
        fast = _analyze(text, cached=True)
        slow = _analyze(text, cached=False)
        if fast != slow:
            mismatches.append(text)
    assert not mismatches, mismatches[:3]


def test_the_fast_path_is_taken_for_ordinary_vietnamese():
    assert analysis._analyze_tokens("Ủy ban nhân dân tỉnh, năm 2026 – “Đảng ủy”") is not None
    assert analysis._analyze_tokens("ΣΟΦΟΣ") is None


def test_repeated_analysis_hits_the_token_cache_and_stays_identical():
    text = "Hoà hợp hòa hợp HOÀ HỢP thuỷ lợi thủy lợi"
    first = _analyze(text, cached=True)
    analysis._MEMO.clear()
    assert _analyze(text, cached=True) == first == _analyze(text, cached=False)


def test_abbreviation_scan_equals_the_shared_one():
    texts = _samples(300, seed=7) + [" ".join(ABBREVIATIONS.values()), "cải cách hành chính chuyển đổi số"]
    for text in texts:
        exact = analysis.exact_syllables(text)
        folded = analysis.folded_syllables(text)
        assert _abbreviations_in(folded) == abbreviations_in(folded)
        assert _abbreviations_in(exact) == abbreviations_in(exact)
