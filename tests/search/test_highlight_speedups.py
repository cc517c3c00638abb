"""Highlighting speed-ups keep the output: the grouped mark regex and the identity-filled fold table."""

import random
import re

from portal.search import engine
from portal.search.query import parse_query
from portal.text.normalize import fold_aligned

WORDS = (
    "Đảng ủy Ủy ban nhân dân hợp đồng lao động hop dong lao dong bảo hiểm xã hội đất đai dat dai thuế thue "
    '91/2016/NĐ-CP 01/2021/TT-BTP nđ-cp tt btp Điều 5 khoản 2 a) b) "trích dẫn" — … hòa hoà ý ở an ninh'
).split()
SEPS = [" ", " ", ", ", ". ", "\n", "\n\n", " - ", "/", "(", ") "]


def _reference_pattern(terms):
    return re.compile(
        r"(?<!\w)(?:{})(?!\w)".format(
            "|".join(re.escape(t).replace("\\ ", r"\W+") for t in sorted(terms, key=len, reverse=True))
        )
    )


def _reference_fold(text):
    table = {
        cp: fold_aligned(chr(cp))
        for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))
        if len(fold_aligned(chr(cp))) == 1 and fold_aligned(chr(cp)) != chr(cp)
    }
    hay = text.lower().translate(table)
    return hay if len(hay) == len(text) else fold_aligned(text)


def _texts(n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 120)):
            parts.append(rnd.choice(WORDS))
            parts.append(rnd.choice(SEPS))
        out.append("".join(parts))
    return out


def test_grouped_pattern_finds_the_same_marks():
    rnd = random.Random(5)
    queries = ["hợp đồng lao động", "hop dong lao dong", "91/2016/NĐ-CP", "thuế", "dat dai", "Đảng ủy", "khoản 2"]
    for text in _texts(300, seed=1):
        q = rnd.choice(queries)
        parsed = parse_query(q)
        terms = parsed.highlight_terms()
        hay = text.lower() if parsed.accented else engine._folded_same_length(text)
        ref = [(m.start(), m.end()) for m in _reference_pattern(terms).finditer(hay)]
        got = [(m.start(), m.end()) for m in engine._mark_pattern(terms).finditer(hay)]
        assert got == ref, (q, text)


def test_grouped_pattern_on_odd_terms():
    hay = "a-b ab xab ab- _ab (ab) ab\nab  a b 1a b"
    for terms in (["ab"], ["a b", "ab", "b"], ["-b", "a"], ["a"], ["(ab)"], ["a b", "a"]):
        ref = [(m.start(), m.end()) for m in _reference_pattern(terms).finditer(hay)]
        assert [(m.start(), m.end()) for m in engine._mark_pattern(terms).finditer(hay)] == ref, terms


def test_filled_fold_table_folds_the_same():
    extra = "İstanbul ΣΟΦΟΣ 中文 😀 ß ẞ ø Ð ð \u2003 \u0301 “x” – …"
    for text in _texts(200, seed=2) + [extra]:
        assert engine._folded_same_length(text) == _reference_fold(text)


def test_snippets_are_the_same_as_on_the_folded_text():
    """Folded queries: marks found on the lowercased text through accent classes equal marks on the folded text."""
    rnd = random.Random(9)
    queries = ["hop dong lao dong", "dat dai", "91/2016/ND-CP", "thue", "dang uy", "an ninh", "khoan 2 a"]
    odd_terms = [["đất"], ["Dat"], ["a b"], ["ø"], ["dang uy", "đang"]]
    for text in _texts(300, seed=3) + ["İstanbul dat đất dát"]:
        terms = parse_query(rnd.choice(queries)).highlight_terms() if rnd.random() < 0.8 else rnd.choice(odd_terms)
        hay = engine._folded_same_length(text)
        ref = [(m.start(), m.end()) for m in _reference_pattern(terms).finditer(hay)]
        low = text.lower()
        if len(low) != len(text):
            continue
        got = [(m.start(), m.end()) for m in engine._mark_pattern(terms, accent_classes=True).finditer(low)]
        assert got == ref, (terms, text)
        # and the whole snippet
        page_starts = [0, len(text) // 2]
        assert engine.snippet(text, page_starts, terms, False) == _reference_snippet(text, page_starts, terms)


def _reference_snippet(text, page_starts, terms):
    """engine.snippet before the speed-ups, for folded terms."""
    import bisect
    import html

    hay = _reference_fold(text)
    if len(hay) != len(text):
        hay, terms = "", []
    positions = []
    if terms:
        positions = [(m.start(), m.end()) for m, _ in zip(_reference_pattern(terms).finditer(hay), range(500))]
    if positions:
        best, best_score, j = 0, -1, 0
        for i, (start, _) in enumerate(positions):
            while positions[j][0] < start - engine.SNIPPET_CHARS:
                j += 1
            distinct = len({hay[a:b] for a, b in positions[j : i + 1]})
            if distinct > best_score:
                best, best_score = j, distinct
        anchor = positions[best][0]
        begin = max(0, anchor - 40)
    else:
        anchor, begin = 0, 0
    if begin:
        space = text.find(" ", begin)
        if 0 <= space < anchor:
            begin = space + 1
    end = min(len(text), begin + engine.SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", begin + engine.SNIPPET_CHARS // 2, end)
        if space > 0:
            end = space
    parts, cursor = [], begin
    for a, b in positions:
        if a < begin or b > end:
            continue
        parts.append(html.escape(text[cursor:a]))
        parts.append(f"<mark>{html.escape(text[a:b])}</mark>")
        cursor = b
    parts.append(html.escape(text[cursor:end]))
    body = " ".join("".join(parts).split())
    if begin > 0:
        body = "… " + body
    if end < len(text):
        body += " …"
    page = bisect.bisect_right(page_starts, anchor) if page_starts and len(page_starts) > 1 else None
    return body, page
