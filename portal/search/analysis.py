"""Vietnamese analysis for the search index: the only place analysers live.

A field's terms are computed by plain functions (``terms(text, form)``) so the query side uses exactly the same rules
as the index side. Forms:

- ``exact``: normalized lowercase syllables (NFC, Ð->Đ, one tone placement), every syllable kept (no stop list),
  plus syllable bigrams ``"hành_chính"`` and abbreviation terms (``"cchc"`` for "cải cách hành chính").
- ``folded``: the same with diacritics removed and đ->d (``"hanh_chinh"``).

Bigrams answer compounds and quoted phrases as single terms (positional phrase queries are slow in Whoosh).
Change ``ANALYZER_VERSION`` whenever the produced terms change: an index with another stamp must be rebuilt.
"""

from __future__ import annotations

import re

from whoosh.analysis import Token, Tokenizer

from portal.text import fold, normalize, syllables
from portal.text.abbreviations import _BY_FULL, _MAX_FULL, ABBREVIATIONS, AMBIGUOUS, abbreviation_syllables
from portal.text.normalize import _SPACE_RUN, _TABLE, _TOKEN, _WORD, _retone, _strip_marks, nfc

ANALYZER_VERSION = "vi-2026.11-2"

BIGRAM_JOIN = "_"
EXACT = "exact"
FOLDED = "folded"


def exact_syllables(text: str) -> list[str]:
    """Normalized lowercase syllables of ``text``, every one kept."""
    return syllables(text or "")


def folded_syllables(text: str) -> list[str]:
    """Diacritic-free syllables of ``text`` (đ->d)."""
    return syllables(fold(text or ""))


def bigrams(sylls: list[str]) -> list[str]:
    """Adjacent syllable pairs joined by ``BIGRAM_JOIN``."""
    return [a + BIGRAM_JOIN + b for a, b in zip(sylls, sylls[1:], strict=False)]


_FULL_FORMS = [" {} ".format(" ".join(syllables(fold(full)))) for full in ABBREVIATIONS.values()]
# first syllables of the full forms that abbreviations_in can match (two syllables or more)
_FULL_FIRSTS = frozenset(k[0] for k in _BY_FULL if len(k) >= 2)


def abbreviation_terms(sylls: list[str], folded: list[str] | None = None) -> list[str]:
    """Exact syllables of the abbreviations (``"cchc"``, ``"cđs"``) whose full forms occur in ``sylls``.

    Abbreviations that are ordinary syllables ("tu", "du") are left out: they would mostly add noise. A substring
    test on the folded text skips the scan (costly on long texts) when no full form can occur.
    """
    folded = folded if folded is not None else [_fold_syllable(s) for s in sylls]
    joined = " {} ".format(" ".join(folded))
    if not any(full in joined for full in _FULL_FORMS):
        return []
    out = []
    for key in _abbreviations_in(folded):
        if key not in AMBIGUOUS:
            out.extend(_abbreviation_syllables(key))
    return out


def _abbreviations_in(sylls: list[str]) -> list[str]:
    """``portal.text.abbreviations.abbreviations_in`` (same keys, same order), with folding cached per syllable and
    only the positions where a full form can start tried."""
    folded = [_fold_syllable(s) for s in sylls]
    found: dict[str, None] = {}
    for i, first in enumerate(folded):
        if first not in _FULL_FIRSTS:
            continue
        for n in range(min(_MAX_FULL, len(folded) - i), 1, -1):
            key = _BY_FULL.get(tuple(folded[i : i + n]))
            if key is not None:
                found.setdefault(key)
    return list(found)


_ABBR_SYLLABLES: dict[str, list[str]] = {}


def _abbreviation_syllables(key: str) -> list[str]:
    hit = _ABBR_SYLLABLES.get(key)
    if hit is None:
        hit = _ABBR_SYLLABLES[key] = abbreviation_syllables(key)
    return hit


# -- analysis, cached per distinct token -------------------------------------------------------------------------
# A text is normalized with the same whole-text steps as ``normalize`` (translate, NFC, space runs), split into raw
# tokens, and each distinct raw token is analysed once (tone placement, lowercase, folding) and then looked up: a
# 50k-document build sees a few hundred thousand distinct tokens against tens of millions of occurrences. For the
# characters allowed below every later step of ``syllables``/``fold`` acts within a token (lowercasing is one to one,
# without context, and keeps letters letters; no combining mark is left to compose across a boundary), so the
# result is the same list as analysing the whole text; any other text takes the whole-text path (``_analyze_text``).
# tests/search/test_analysis_cache.py checks both paths give identical terms on varied text.
_UNSAFE = re.compile("[^\x00-\u012f\u0131-\u024f\u1e00-\u1eff\u2010-\u205f]")
_TOKEN_CACHE: dict[str, tuple[list[str], list[str]]] = {}
_FOLD_CACHE: dict[str, str] = {}
_MAX_CACHED = 300_000


def _fold_syllable(s: str) -> str:
    """``fold(s)``, cached per distinct string."""
    hit = _FOLD_CACHE.get(s)
    if hit is None:
        if len(_FOLD_CACHE) > _MAX_CACHED:
            _FOLD_CACHE.clear()
        hit = _FOLD_CACHE[s] = fold(s)
    return hit


def _token_terms(raw: str) -> tuple[list[str], list[str]]:
    """(exact syllables, folded syllables) of one raw token of a pre-normalized text."""
    word = raw if raw.isascii() else _WORD.sub(_retone, raw)
    return (
        _TOKEN.findall(word.lower()),
        _TOKEN.findall(normalize(_strip_marks(word).lower()).lower()),
    )


def _analyze_tokens(text: str) -> tuple[list[str], list[str]] | None:
    """(exact, folded) syllables through the token cache, or None when the text needs the whole-text path."""
    pre = _SPACE_RUN.sub(" ", nfc(text.translate(_TABLE)))
    if _UNSAFE.search(pre):
        return None
    cache = _TOKEN_CACHE
    if len(cache) > _MAX_CACHED:
        cache.clear()
    exact: list[str] = []
    folded: list[str] = []
    for raw in _TOKEN.findall(pre):
        hit = cache.get(raw)
        if hit is None:
            hit = cache[raw] = _token_terms(raw)
        exact += hit[0]
        folded += hit[1]
    return exact, folded


def _analyze_text(text: str) -> tuple[list[str], list[str]]:
    """(exact, folded) syllables by whole-text normalization (the reference path)."""
    return exact_syllables(text), folded_syllables(text)


_MEMO: dict = {}


def _analyze(text: str, cached: bool = True) -> tuple[list[str], list[str], list[str]]:
    """(exact syllables, folded syllables, abbreviation terms) of ``text``; the last few texts are memoized because
    every text is analysed twice (exact and folded field). ``cached=False`` forces the whole-text path (tests)."""
    hit = _MEMO.get(text) if cached else None
    if hit is None:
        pair = _analyze_tokens(text) if cached else None
        exact, folded = pair if pair is not None else _analyze_text(text)
        if len(folded) != len(exact):
            folded = [fold(s) for s in exact]
        hit = (exact, folded, abbreviation_terms(exact, folded))
        if cached:
            if len(_MEMO) >= 8:
                _MEMO.clear()
            _MEMO[text] = hit
    return hit


def terms(text: str, form: str = EXACT, with_bigrams: bool = True) -> list[str]:
    """All index terms of ``text`` in ``form``: syllables, then bigrams, then abbreviation terms."""
    exact, folded, abbrs = _analyze(text or "")
    sylls = exact if form == EXACT else folded
    out = list(sylls)
    if with_bigrams:
        out.extend(bigrams(sylls))
    out.extend(abbrs if form == EXACT else [fold(a) for a in abbrs])
    return out


def has_diacritics(text: str) -> bool:
    """True when ``text`` carries any Vietnamese diacritic or đ (so the user typed the exact form)."""
    n = normalize(text or "")
    return fold(n) != n.lower()


class VietnameseTokenizer(Tokenizer):
    """Whoosh tokenizer yielding ``terms(value, form)``; picklable, so it can live in a stored schema."""

    def __init__(self, form: str = EXACT, with_bigrams: bool = True):
        self.form = form
        self.with_bigrams = with_bigrams

    def __eq__(self, other):
        return (
            isinstance(other, VietnameseTokenizer)
            and other.form == self.form
            and other.with_bigrams == self.with_bigrams
        )

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, term in enumerate(terms(value, self.form, self.with_bigrams)):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = term
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char
                t.endchar = start_char
            yield t


def exact_analyzer() -> VietnameseTokenizer:
    """Analyzer for exact fields (syllables + bigrams + abbreviations)."""
    return VietnameseTokenizer(EXACT)


def folded_analyzer() -> VietnameseTokenizer:
    """Analyzer for diacritic-free fields."""
    return VietnameseTokenizer(FOLDED)
