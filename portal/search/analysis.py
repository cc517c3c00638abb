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

from whoosh.analysis import Token, Tokenizer

from portal.text import fold, normalize, syllables
from portal.text.abbreviations import ABBREVIATIONS, AMBIGUOUS, abbreviation_syllables, abbreviations_in

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


def abbreviation_terms(sylls: list[str], folded: list[str] | None = None) -> list[str]:
    """Exact syllables of the abbreviations (``"cchc"``, ``"cđs"``) whose full forms occur in ``sylls``.

    Abbreviations that are ordinary syllables ("tu", "du") are left out: they would mostly add noise. A substring
    test on the folded text skips ``abbreviations_in`` (costly on long texts) when no full form can occur.
    """
    folded = folded if folded is not None else [fold(s) for s in sylls]
    joined = " {} ".format(" ".join(folded))
    if not any(full in joined for full in _FULL_FORMS):
        return []
    out = []
    for key in abbreviations_in(folded):
        if key not in AMBIGUOUS:
            out.extend(abbreviation_syllables(key))
    return out


_MEMO: dict = {}


def _analyze(text: str) -> tuple[list[str], list[str], list[str]]:
    """(exact syllables, folded syllables, abbreviation terms) of ``text``; the last few texts are memoized because
    every text is analysed twice (exact and folded field)."""
    hit = _MEMO.get(text)
    if hit is None:
        exact = exact_syllables(text)
        folded = folded_syllables(text)
        if len(folded) != len(exact):
            folded = [fold(s) for s in exact]
        hit = (exact, folded, abbreviation_terms(exact, folded))
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
