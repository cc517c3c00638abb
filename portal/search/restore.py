"""Diacritic restoration ("Có phải đồng chí muốn tìm: cải cách hành chính") from the index's own statistics.

No word segmenter and no second source of truth: the candidates for a syllable typed without diacritics are the exact
syllables of the index that fold to it (found by generating the accented variants of the typed letters and asking the
index which exist), weighted by their frequency in the ``body`` field; the context is the frequency of syllable pairs
(the ``body`` field's bigram terms, "hành_chính"). A bigram Viterbi picks the likeliest sequence. Everything is read
from the open reader and memoized per reader, so it follows rebuilds and commits by itself.

    r = restorer_for(reader)
    r.suggest("cai cach hanh chinh")      # -> "cải cách hành chính"
    r.suggest("cải cách hành chính")      # -> None (typed correctly: nothing better)

For a query typed with some diacritics, the accented syllables are kept as typed and only the others may change;
a suggestion is offered then only when the restored form is much likelier than the typed one (``ACCENTED_MARGIN``).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import weakref
from dataclasses import dataclass

from portal.text import fold, normalize
from portal.text.normalize import nfc

FIELD = "body"
MAX_CANDIDATES = 8  # most frequent exact forms kept per typed syllable
MIN_SHARE = 0.002  # forms rarer than this share of the typed syllable's forms are dropped
LAMBDA = 0.9  # weight of the pair statistics against the single-syllable frequency (Jelinek-Mercer)
ACCENTED_MARGIN = 12.0  # log-likelihood gain a partly accented query needs before a suggestion is offered
MAX_SYLLABLES = 120
PHRASE_PRIOR = 30.0  # pseudo-count of the pairs of the shipped language lists (``_prior_pairs``)
MEMO_LIMIT = 200_000

_TOKEN = re.compile(r"[^\W_]+")
_QUALITY = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VOWELS = set("aăâeêioôơuưy")


def _prior_pairs() -> frozenset[str]:
    """Syllable pairs of the language the portal ships: question phrases ("bao nhiêu", "đúng hay sai": rare in
    documents, common in questions), the full forms of the administrative abbreviations and the forms of the shipped
    synonym list ("chuyển đổi số", "tinh giản biên chế"). A small pseudo-count, added to the index's own counts."""
    from portal.search.query import INTENT_PHRASES
    from portal.search.synonym_defaults import DEFAULT_LINES
    from portal.text import syllables
    from portal.text.abbreviations import ABBREVIATIONS

    phrases = list(INTENT_PHRASES) + list(ABBREVIATIONS.values())
    for line in DEFAULT_LINES:
        if not line.lstrip().startswith("#"):
            phrases += line.split("=")
    out = set()
    for phrase in phrases:
        words = syllables(phrase)
        out.update(a + "_" + b for a, b in zip(words, words[1:], strict=False))
    return frozenset(out)


_PRIOR_PAIRS = _prior_pairs()


def _tone_positions(base: str) -> list[int]:
    """Where a tone mark may sit on ``base`` (a toneless syllable), by the placement rules of normalized text: the
    middle vowel of three (the last when a final consonant follows), the second of two before a final consonant,
    either of two at the end ("hòa"/"hoà"), the vowel itself when alone. The onsets "gi" and "qu" hold no vowel."""
    start = 2 if base[:2] in ("gi", "qu") and len(base) > 2 and base[2] in _VOWELS else 0
    at = [i for i in range(start, len(base)) if base[i] in _VOWELS]
    if not at:
        at = [i for i, c in enumerate(base) if c in _VOWELS]
    if len(at) <= 1:
        return at
    coda = at[-1] < len(base) - 1
    if len(at) >= 3:
        return [at[-1]] if coda else [at[1]]
    return [at[1]] if coda else at


def variants(folded: str) -> list[str]:
    """Every normalized spelling that folds to ``folded`` (a lowercase syllable without diacritics) and has the shape
    of a Vietnamese syllable; ``[folded]`` for anything else (numbers, foreign words)."""
    if not folded.isalpha() or not folded.isascii() or len(folded) > 8:
        return [folded]
    from portal.text.phonology import is_vietnamese_syllable

    choices = [_QUALITY.get(c, c) for c in folded]
    bases = ["".join(letters) for letters in itertools.product(*choices)]
    valid = [b for b in bases if is_vietnamese_syllable(b)]
    if not valid:
        return [folded]
    out = []
    for base in valid:
        out.append(base)
        for tone in _TONES[1:]:
            for i in _tone_positions(base):
                form = normalize(nfc(base[: i + 1] + tone + base[i + 1 :]))
                if is_vietnamese_syllable(form):
                    out.append(form)
    return list(dict.fromkeys(out))


def has_marks(syllable: str) -> bool:
    return fold(syllable) != syllable


@dataclass
class Token:
    start: int
    end: int
    text: str  # as typed (normalized)
    low: str  # lowercase


class Restorer:
    """Candidates and pair statistics of one reader; ``restore`` / ``suggest`` use them. Thread-safe memo."""

    def __init__(self, reader):
        self.reader = reader
        self._candidates: dict[str, list[tuple[str, float]]] = {}
        self._pairs: dict[str, float] = {}
        self._lock = threading.Lock()
        total = reader.field_length(FIELD) or 1
        self.total = max(1.0, total / 2.0)  # the field holds syllables and about as many bigrams

    # -- statistics -----------------------------------------------------------------------------------------------
    def candidates(self, folded: str) -> list[tuple[str, float]]:
        """(exact syllable, frequency) of the index's forms of ``folded``, most frequent first."""
        hit = self._candidates.get(folded)
        if hit is not None:
            return hit
        found = []
        for form in variants(folded):
            freq = self.reader.frequency(FIELD, form) if (FIELD, form) in self.reader else 0
            if freq:
                found.append((form, float(freq)))
        found.sort(key=lambda x: -x[1])
        if found:
            top = sum(f for _, f in found)
            found = [x for x in found if x[1] >= MIN_SHARE * top][:MAX_CANDIDATES]
        with self._lock:
            if len(self._candidates) > MEMO_LIMIT:
                self._candidates.clear()
            self._candidates[folded] = found
        return found

    def pair(self, a: str, b: str) -> float:
        key = a + "_" + b
        hit = self._pairs.get(key)
        if hit is None:
            hit = float(self.reader.frequency(FIELD, key)) if (FIELD, key) in self.reader else 0.0
            hit += PHRASE_PRIOR if key in _PRIOR_PAIRS else 0.0
            with self._lock:
                if len(self._pairs) > MEMO_LIMIT:
                    self._pairs.clear()
                self._pairs[key] = hit
        return hit

    # -- restoration ------------------------------------------------------------------------------------------------
    def _lattice(self, words: list[str], fixed: list[bool]) -> list[list[tuple[str, float]]]:
        lattice = []
        for w, keep in zip(words, fixed, strict=True):
            if keep or not w.isalpha():
                freq = self.reader.frequency(FIELD, w) if (FIELD, w) in self.reader else 0.0
                lattice.append([(w, float(freq))])
                continue
            cands = self.candidates(fold(w))
            if not cands:
                lattice.append([(w, 0.0)])
            else:
                if w not in (c for c, _ in cands):  # the typed form stays possible (scored as unseen)
                    cands = cands + [(w, 0.0)] if has_marks(w) else cands
                lattice.append(cands)
        return lattice

    def _transition(self, a: str, a_freq: float, b: str, b_freq: float) -> float:
        uni = (b_freq + 0.1) / self.total
        bi = self.pair(a, b) / a_freq if a_freq else 0.0
        return math.log(LAMBDA * bi + (1 - LAMBDA) * uni)

    def score(self, words: list[str]) -> float:
        """Log-likelihood of an exact syllable sequence under the pair model."""
        freqs = [self.reader.frequency(FIELD, w) if (FIELD, w) in self.reader else 0.0 for w in words]
        total = math.log((freqs[0] + 0.1) / self.total) if words else 0.0
        for i in range(1, len(words)):
            total += self._transition(words[i - 1], freqs[i - 1], words[i], freqs[i])
        return total

    def restore(self, words: list[str], fixed: list[bool] | None = None) -> tuple[list[str], float]:
        """The likeliest exact sequence for lowercase ``words`` (``fixed`` positions kept) and its log-likelihood."""
        if not words:
            return [], 0.0
        fixed = fixed or [False] * len(words)
        lattice = self._lattice(words, fixed)
        best = [(math.log((f + 0.1) / self.total), [c]) for c, f in lattice[0]]
        for i in range(1, len(lattice)):
            step = []
            for c, f in lattice[i]:
                options = (
                    (s + self._transition(path[-1], lattice[i - 1][j][1], c, f), path)
                    for j, (s, path) in enumerate(best)
                )
                s, path = max(options, key=lambda x: x[0])
                step.append((s, path + [c]))
            best = step
        s, path = max(best, key=lambda x: x[0])
        return path, s

    def tokens(self, text: str) -> list[Token]:
        """The syllables of ``text`` with their offsets in ``normalize(text)`` (document numbers left out)."""
        from portal.text.numbers import query_number_keys

        norm = normalize(text)
        try:
            spans = [n.span for n in query_number_keys(norm)]
        except Exception:  # a number parser bug must not break suggestions
            spans = []
        out = []
        for m in _TOKEN.finditer(norm):
            if any(a <= m.start() < b for a, b in spans):
                if out and out[-1] is not None:
                    out.append(None)  # a document number breaks the context
                continue
            out.append(Token(m.start(), m.end(), m.group(), m.group().lower()))
        return out

    def suggest(self, text: str) -> str | None:
        """``text`` with its diacritics restored, or None when nothing better exists."""
        restored = self.restored_syllables(text)
        if restored is None:
            return None
        toks, words = restored
        norm = normalize(text)
        parts, cursor = [], 0
        for t, w in zip(toks, words, strict=True):
            parts.append(norm[cursor : t.start])
            parts.append(_same_case(t.text, w))
            cursor = t.end
        parts.append(norm[cursor:])
        out = "".join(parts).strip()
        return out if out != norm.strip() else None

    def restored_syllables(self, text: str) -> tuple[list[Token], list[str]] | None:
        """(tokens, restored lowercase syllables) when a restoration differs from the typed text, else None."""
        marked = self.tokens(text)
        toks = [t for t in marked if t is not None]
        if not toks or len(toks) > MAX_SYLLABLES:
            return None
        words = [t.low for t in toks]
        fixed = [has_marks(w) for w in words]
        if all(fixed):
            return None
        path, best, typed = [], 0.0, 0.0
        segment: list[str] = []
        for t in marked + [None]:
            if t is not None:
                segment.append(t.low)
                continue
            if segment:
                seg_path, seg_best = self.restore(segment, [has_marks(w) for w in segment])
                path += seg_path
                best += seg_best
                typed += self.score(segment) if any(fixed) else 0.0
            segment = []
        if path == words:
            return None
        if any(fixed) and best - typed < ACCENTED_MARGIN:
            return None
        return toks, path


def _same_case(typed: str, restored: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return restored.upper()
    if typed[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored


_RESTORERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LAST: dict = {}  # generation key -> the latest Restorer, whose memo a reader of the same generation may inherit
_RESTORERS_LOCK = threading.Lock()
INHERIT_DRIFT = 0.01  # a new reader inherits the memo when its document count moved by at most this share


def restorer_for(reader, key=None) -> Restorer:
    """The ``Restorer`` of ``reader`` (one per reader: a new generation or commit gets fresh statistics).

    ``key`` names the index generation: a reader of the same generation after a small commit starts from the previous
    reader's memo (frequencies a commit barely moves), so the first queries after each commit stay fast.
    """
    with _RESTORERS_LOCK:
        r = _RESTORERS.get(reader)
        if r is None:
            r = Restorer(reader)
            previous = _LAST.get(key) if key is not None else None
            if previous is not None and previous.reader is not reader:
                before, now = previous.reader.doc_count(), reader.doc_count()
                if abs(now - before) <= INHERIT_DRIFT * max(before, 1):
                    r._candidates = dict(previous._candidates)
                    r._pairs = dict(previous._pairs)
            _RESTORERS[reader] = r
            if key is not None:
                _LAST[key] = r
        return r
