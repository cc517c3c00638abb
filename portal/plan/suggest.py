"""Task suggestion: rank a plan's tasks and targets for a report text by BM25 over folded syllables and bigrams.

Synonyms (``portal.search.synonyms``) are applied to the report text at query time: a form found in the text adds the
terms of its other forms ("VNeID" adds "định danh điện tử"), at ``SYNONYM_WEIGHT``. ``synonyms=None`` uses the shipped
list; pass the office's current list (lines or a ``SynonymSet``), or ``()`` for none.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from portal.text import fold, syllables
from portal.text.abbreviations import expand

K1, B = 1.2, 0.75
BIGRAM_WEIGHT = 1.5
OTHER_PARAGRAPHS = 0.25
SYNONYM_WEIGHT = 0.7
MIN_PARAGRAPH_SYLLABLES = 6
CLAUSE_BREAK = re.compile(r"[,.;:!?()\"“”\n]+")
STOP = frozenset(
    "va cac cua trong voi cho theo de duoc la co nhung mot tai ve tu den nham bao dam tren nay do da "
    "cung nhu khi sau the hon can phai ra vao".split()
)


def terms(text: str) -> list[str]:
    """Folded syllables (stop syllables dropped) and syllable bigrams of a text, abbreviations expanded."""
    out: list[str] = []
    for chunk in CLAUSE_BREAK.split(text):
        words = fold(" ".join(spelled_out(syllables(chunk)))).split()
        out += [w for w in words if w not in STOP]
        out += [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if not (a in STOP and b in STOP)]
    return out


def spelled_out(sylls: list[str]) -> list[str]:
    """The syllables with abbreviations spelled out (TTHC -> thủ tục hành chính): the longest of expand()'s forms."""
    return max(expand(sylls), key=len)


@dataclass
class TaskIndex:
    """BM25 statistics over a fixed set of (code, text) tasks; build once, rank many texts."""

    codes: list[str]
    freqs: list[Counter]
    idf: dict[str, float]
    avg_len: float
    lengths: list[int] | None = None

    def __post_init__(self):
        """Task lengths, computed once."""
        self.lengths = [sum(f.values()) for f in self.freqs]

    @classmethod
    def build(cls, tasks: list[tuple[str, str]]) -> TaskIndex:
        """Index the tasks' terms; IDF is computed over the task set itself."""
        codes = [code for code, _ in tasks]
        freqs = [Counter(terms(text)) for _, text in tasks]
        df = Counter(term for freq in freqs for term in freq)
        n = max(len(freqs), 1)
        idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        avg_len = sum(sum(f.values()) for f in freqs) / n or 1.0
        return cls(codes, freqs, idf, avg_len)

    def score(self, text: str, synonyms=None) -> dict[str, float]:
        """BM25 score of every task that shares a term with the text (or with the synonyms of its forms)."""
        query = dict.fromkeys(terms(text), 1.0)
        for form in _synonyms(synonyms).expansions(syllables(text)):
            for t in terms(" ".join(form)):
                query.setdefault(t, SYNONYM_WEIGHT)
        out = {}
        for code, freq, length in zip(self.codes, self.freqs, self.lengths, strict=False):
            total = sum(w * self._term_score(t, freq, length) for t, w in query.items() if t in freq)
            if total > 0:
                out[code] = total
        return out

    def _term_score(self, term: str, freq: Counter, length: int) -> float:
        """One term's BM25 contribution to one task, bigrams weighted up."""
        tf = freq[term]
        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg_len))
        return self.idf[term] * norm * (BIGRAM_WEIGHT if "_" in term else 1.0)

    def rank(self, text: str, limit: int = 5, synonyms=None) -> list[tuple[str, float]]:
        """The best tasks for one paragraph."""
        return _top(self.score(text, synonyms), limit)


def _synonyms(synonyms):
    from portal.search.synonyms import synonym_set

    return synonym_set(synonyms)


@lru_cache(maxsize=8)
def cached_index(tasks: tuple[tuple[str, str], ...]) -> TaskIndex:
    """The TaskIndex of a task set, built once per process for the same tasks."""
    return TaskIndex.build(list(tasks))


def paragraphs(text: str) -> list[str]:
    """Split a report into paragraphs (blank lines, numbered or bulleted items), dropping short lines."""
    parts = re.split(r"\n\s*\n|\n(?=\s*(?:\d+[.)]|[-+•])\s)", text)
    return [p.strip() for p in parts if len(p.split()) >= MIN_PARAGRAPH_SYLLABLES]


def suggest_tasks(text: str, tasks: list[tuple[str, str]], limit: int = 5, synonyms=None) -> list[tuple[str, float]]:
    """Rank tasks for a (possibly long) text: each paragraph's best score counts fully, the others partly."""
    index = cached_index(tuple(tasks))
    per_paragraph = [index.score(p, synonyms) for p in paragraphs(text) or [text]]
    return _top(combine(per_paragraph), limit)


def combine(per_paragraph: list[dict[str, float]]) -> dict[str, float]:
    """Per task: its best paragraph score plus a quarter of its other paragraph scores."""
    combined: dict[str, float] = {}
    for code in {c for scores in per_paragraph for c in scores}:
        values = sorted((s[code] for s in per_paragraph if code in s), reverse=True)
        combined[code] = values[0] + OTHER_PARAGRAPHS * sum(values[1:])
    return combined


def suggest_for_paragraphs(
    paras: list[str], tasks: list[tuple[str, str]], limit: int = 3, synonyms=None
) -> list[tuple[str, list[tuple[str, float]]]]:
    """For each paragraph, (the paragraph, its best tasks): one index built for all."""
    index = cached_index(tuple(tasks))
    return [(p, index.rank(p, limit, synonyms)) for p in paras]


def _top(scores: dict[str, float], limit: int) -> list[tuple[str, float]]:
    """The `limit` best (code, score) pairs, ties broken by code."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(code, round(score, 3)) for code, score in ranked[:limit]]
