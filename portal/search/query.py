"""The user's query language, and its translation into a bounded Whoosh query.

Syntax: free words (ranked by how well documents match: OR with BM25F, never "all words"), ``"quoted phrases"``
(required; answered by bigram terms), ``-word`` / ``-"phrase"`` (excluded), document numbers ("21-CT/TU",
"chỉ thị 21", "QĐ 06": boosted on the ``number_keys`` field). A query without diacritics searches the folded fields;
one with diacritics searches the exact fields with the folded ones as a weaker fallback.

Cost is bounded before Whoosh sees the query: input length, number of words and phrases are capped, wildcards are
refused, and long questions keep only their rarest terms (Whoosh's cost grows with terms x fields x postings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from portal.search.analysis import bigrams, exact_syllables, has_diacritics
from portal.text import fold
from portal.text.abbreviations import expand_query
from portal.text.numbers import query_number_keys

MAX_QUERY_CHARS = 500
MAX_SYLLABLES = 120
MAX_PHRASES = 5
MAX_EXCLUDED = 10
MAX_UNIGRAMS = 10          # rarest syllables kept from a long question
MAX_BIGRAMS = 10           # rarest (present) bigrams kept
MAX_DF_RATIO = 0.25        # syllables in more than this share of documents are dropped (when others remain)
FOLDED_FALLBACK_BOOST = 0.3
BIGRAM_BOOST = 1.0
ABBREVIATION_BOOST = 1.0
NUMBER_BOOST = 25.0
TITLE_FIELDS = ("title", "title_f")


class QueryRejected(ValueError):
    """A query the engine refuses to run; ``message`` is shown to the user (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedQuery:
    """The user's query split into its parts (all syllables normalized, lowercase)."""

    raw: str
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    numbers: list = field(default_factory=list)
    accented: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.numbers)

    def highlight_terms(self) -> list[str]:
        """Syllables worth marking in a snippet (exact forms; folded when the query had no diacritics)."""
        seen = []
        runs = [self.words] + self.phrases
        pairs = [a + " " + b for run in runs for a, b in zip(run, run[1:])]
        for s in pairs + self.words + [s for p in self.phrases for s in p]:
            s = s if self.accented else fold(s)
            if s not in seen:
                seen.append(s)
        return seen


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WILDCARD = re.compile(r"[*?]")


def parse_query(text: str, allow_prefix: bool = False) -> ParsedQuery:
    """Split ``text`` into words, phrases, exclusions and document numbers; raise ``QueryRejected`` when too costly."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejected("Câu tìm kiếm quá dài (tối đa %d ký tự). Hãy rút gọn câu hỏi." % MAX_QUERY_CHARS)
    parsed = ParsedQuery(raw=text, accented=has_diacritics(text))
    try:
        parsed.numbers = list(query_number_keys(text))
    except Exception:  # a number parser bug must not break search
        parsed.numbers = []
    count = 0
    for m in _TOKEN.finditer(text):
        neg, phrase, word = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            sylls = exact_syllables(phrase)
            if not sylls:
                continue
            if neg:
                parsed.excluded.append(sylls)
            else:
                parsed.phrases.append(sylls)
            count += len(sylls)
            continue
        negated = word.startswith("-") and len(word) > 1
        if negated:
            word = word[1:]
        if _WILDCARD.search(word):
            stripped = word.rstrip("*")
            if _WILDCARD.search(stripped) or not stripped:
                raise QueryRejected("Không hỗ trợ ký tự đại diện (*, ?) ở đầu hoặc giữa từ. Hãy gõ từ đầy đủ.")
            if not allow_prefix:
                word = stripped  # a trailing * outside autocomplete is read as the plain word
        sylls = exact_syllables(word)
        if negated:
            if sylls:
                parsed.excluded.append(sylls)
        else:
            parsed.words.extend(sylls)
        count += len(sylls)
    if count > MAX_SYLLABLES:
        raise QueryRejected("Câu tìm kiếm có quá nhiều từ (tối đa %d). Hãy rút gọn câu hỏi." % MAX_SYLLABLES)
    if len(parsed.phrases) > MAX_PHRASES or len(parsed.excluded) > MAX_EXCLUDED:
        raise QueryRejected("Câu tìm kiếm có quá nhiều cụm từ trong ngoặc kép hoặc từ loại trừ.")
    return parsed


def _fields(accented: bool):
    """(field, boost) pairs searched for a term: exact first when the query carries diacritics."""
    if accented:
        return [("title", 1.0), ("body", 1.0), ("title_f", FOLDED_FALLBACK_BOOST), ("body_f", FOLDED_FALLBACK_BOOST)]
    return [("title_f", 1.0), ("body_f", 1.0)]


def _form(syllable: str, field_name: str) -> str:
    return fold(syllable) if field_name.endswith("_f") else syllable


def _pick(reader, candidates: list[str], df_field: str, limit: int, drop_common: bool) -> list[str]:
    """The ``limit`` rarest candidates present in the index (common ones dropped when others remain)."""
    n = max(1, reader.doc_count())
    title_field = "title" if df_field == "body" else "title_f"
    scored = []
    for term in dict.fromkeys(candidates):
        df = reader.doc_frequency(df_field, term) or (1 if reader.doc_frequency(title_field, term) else 0)
        if df:
            scored.append((df, term))
    scored.sort()
    if drop_common:
        rare = [x for x in scored if x[0] <= MAX_DF_RATIO * n]
        scored = rare or scored[:1]
    return [t for _, t in scored[:limit]]


def _term_group(terms: list[str], accented: bool, boost: float = 1.0) -> list:
    out = []
    for field_name, fboost in _fields(accented):
        for t in terms:
            out.append(wq.Term(field_name, _form(t, field_name), boost=boost * fboost))
    return out


def _phrase_query(sylls: list[str], accented: bool):
    """A required phrase: every bigram of it, in the same field form (exact or folded), title or body."""
    units = bigrams(sylls) or sylls
    variants = []
    for prefix in (("title", "body"), ("title_f", "body_f")) if accented else (("title_f", "body_f"),):
        folded = prefix[0].endswith("_f")
        forms = [fold(u) if folded else u for u in units]
        per_field = [wq.And([wq.Term(f, u) for u in forms]) for f in prefix]
        variants.append(wq.Or(per_field))
        if accented:
            break  # an accented phrase must match exactly
    return wq.Or(variants) if len(variants) > 1 else variants[0]


def abbreviation_expansions(words: list[str]) -> tuple[list[str], list[str]]:
    """Syllables and bigrams that the query's abbreviations or full forms add (CCHC <-> cải cách hành chính)."""
    if not words or len(words) > 40:
        return [], []
    original = set(words)
    extra, grams = [], []
    for alt in expand_query(words)[1:]:
        extra += [s for s in alt if s not in original and s not in extra]
        grams += [g for g in bigrams(alt) if g not in grams and not all(p in original for p in g.split("_"))]
    return extra, grams


def number_terms(numbers) -> list[tuple[str, float]]:
    """(number_keys term, boost) pairs: the full key strongly, the "SERIAL-TYPE" partial key less.

    ``NumberQuery`` gives no partial key, so it is composed here in ``partial_keys``' "SERIAL-TYPE" form.
    """
    out = {}
    for nq in numbers:
        if nq.key:
            out[nq.key.lower()] = NUMBER_BOOST
        if nq.serial and nq.type_code:
            partial = "%s-%s" % (nq.serial.lstrip("0") or "0", fold(nq.type_code))
            out.setdefault(partial, NUMBER_BOOST / (4.0 if nq.key else 1.0))
    return list(out.items())


def build_query(parsed: ParsedQuery, reader):
    """The Whoosh query for ``parsed`` against ``reader``'s statistics, or None when nothing can match."""
    accented = parsed.accented
    df_field = "body" if accented else "body_f"
    sylls = [s if accented else fold(s) for s in parsed.words]
    phrase_sylls = [s if accented else fold(s) for p in parsed.phrases for s in p]
    unigrams = _pick(reader, sylls + phrase_sylls, df_field, MAX_UNIGRAMS, drop_common=len(sylls) > 3)
    grams = _pick(reader, bigrams(sylls), df_field, MAX_BIGRAMS, drop_common=False)
    abbrs, abbr_grams = abbreviation_expansions(parsed.words)
    abbrs = [s if accented else fold(s) for s in abbrs]
    grams += [s if accented else fold(s) for s in abbr_grams if (s if accented else fold(s)) not in grams]
    optional = _term_group(unigrams, accented)
    optional += _term_group(grams, accented, BIGRAM_BOOST)
    optional += _term_group(abbrs, accented, ABBREVIATION_BOOST)
    for key, boost in number_terms(parsed.numbers):
        optional.append(wq.Term("number_keys", key, boost=boost))
    required = [_phrase_query([s if accented else fold(s) for s in p], accented) for p in parsed.phrases]
    if not optional and not required:
        return None
    q = wq.Or(optional) if optional else None
    if required:
        req = required[0] if len(required) == 1 else wq.And(required)
        q = wq.AndMaybe(req, q) if q is not None else req
    if parsed.excluded:
        neg = []
        for sylls_ex in parsed.excluded:
            neg.append(_phrase_query(sylls_ex if has_diacritics(" ".join(sylls_ex)) else [fold(s) for s in sylls_ex],
                                     has_diacritics(" ".join(sylls_ex))))
        q = wq.AndNot(q, wq.Or(neg))
    return q
