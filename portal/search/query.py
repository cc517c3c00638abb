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

from portal.search.analysis import bigrams, exact_syllables, has_diacritics
from portal.text import fold
from portal.text.abbreviations import expand_query
from portal.text.numbers import query_number_keys

MAX_QUERY_CHARS = 500
MAX_SYLLABLES = 120
MAX_PHRASES = 5
MAX_EXCLUDED = 10
MAX_UNIGRAMS = 10  # rarest syllables kept from a long question
MAX_BIGRAMS = 10  # rarest (present) bigrams kept
MAX_DF_RATIO = 0.25  # syllables in more than this share of documents are dropped (when others remain)
LONG_QUESTION = 4  # more syllables than this: a question (pruned; no folded fallback)
FOLDED_FALLBACK_BOOST = 0.3
LITERAL_BONUS = 0.5
BIGRAM_BOOST = 2.0
ABBREVIATION_BOOST = 1.0
SYNONYM_BOOST = 0.7  # terms of a synonym's other forms, against the typed terms' 1.0
MAX_SYNONYM_TERMS = 24
NUMBER_BOOST = 25.0
TITLE_FIELDS = ("title", "title_f")
DROP_INTENT = True  # question words ("bao nhiêu", "có được không") are intent, not content: not searched
BIGRAM_MAX_DF_RATIO = 1.0  # bigrams in more than this share of documents are dropped (boilerplate pairs)
RESTORED_BONUS = 0.5  # weight of the restored exact forms of a query typed without diacritics (0: off)

# Vietnamese question words and phrases: how the question is asked, not what it is about. Matched on whole
# syllables, longest first; ``_INTENT_FOLDED`` is the subset also safe to match on a query typed without diacritics
# (not "mấy", which folds to "may"/"máy").
INTENT_PHRASES = (
    "có đúng không",
    "đúng hay sai",
    "có được không",
    "như thế nào",
    "nào sau đây",
    "hãy cho biết",
    "hay sai",
    "đúng không",
    "được không",
    "hay không",
    "hay chưa",
    "có phải",
    "phải không",
    "thế nào",
    "như nào",
    "ra sao",
    "tại sao",
    "vì sao",
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "khi nào",
    "lúc nào",
    "ở đâu",
    "là gì",
    "những gì",
    "điều gì",
    "cái gì",
    "sau đây",
    "cho biết",
    "nào",
    "gì",
    "mấy",
)
_INTENT_EXACT = {tuple(p.split()) for p in INTENT_PHRASES}
_INTENT_FOLDED = {tuple(fold(p).split()) for p in INTENT_PHRASES if p not in ("mấy",)}
_INTENT_LONGEST = max(len(p) for p in _INTENT_EXACT)


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
    number_grams: list[str] = field(default_factory=list)
    accented: bool = False
    restored: list[str] | None = None  # ``words`` with diacritics restored (a query typed without them), or None

    @property
    def highlight_accented(self) -> bool:
        """True when snippets match exact forms: typed with diacritics, or restored (and no phrase typed plain)."""
        return self.accented or (self.restored is not None and not self.phrases)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.numbers)

    def highlight_terms(self) -> list[str]:
        """Syllables worth marking in a snippet (exact forms; folded when the query had no diacritics).

        Function words ("của", "và", "trong") are marked only inside a quoted phrase or a pair of query words."""
        seen = []
        if self.highlight_accented and not self.accented:
            runs = [self.restored]
            pairs = [a + " " + b for a, b in zip(self.restored, self.restored[1:], strict=False)]
            return list(dict.fromkeys(pairs + [g.replace("_", " ") for g in self.number_grams] + self.restored))
        runs = [self.words] + self.phrases
        pairs = [a + " " + b for run in runs for a, b in zip(run, run[1:], strict=False)]
        pairs += [g.replace("_", " ") for g in self.number_grams]
        words = [w for w in self.words if fold(w) not in HIGHLIGHT_STOP]
        for s in pairs + words + [s for p in self.phrases for s in p]:
            s = s if self.accented else fold(s)
            if s not in seen:
                seen.append(s)
        return seen


HIGHLIGHT_STOP = frozenset(
    "cua va trong cac nhung la co duoc cho voi theo ve tai de tu den mot nay do khi thi ma nhu o ra vao tren "
    "duoi hoac cung da se dang".split()
)
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
    # A full number ("91/2016/NĐ-CP") is answered by the number_keys field: its syllables ("2016", "nđ", "cp": very
    # common) are not searched one by one, only as bigrams, which stay cheap and still find it in running text.
    for nq in sorted((n for n in parsed.numbers if n.key), key=lambda n: n.span[0], reverse=True):
        start, end = nq.span
        parsed.number_grams += bigrams(exact_syllables(text[start:end]))
        text = text[:start] + " " + text[end:]
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
        word = word.rstrip("?!.,;:")  # a question mark ending a question is punctuation
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


@dataclass
class Plan:
    """What to compute: scored (field, term, boost) triples, required groups and excluded groups.

    A group is a list of alternatives; an alternative is a list of (field, term) that must all occur.
    """

    should: list = field(default_factory=list)
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    near: list = field(default_factory=list)  # kept content syllables in query order (for the proximity rerank)
    phrases: list = field(default_factory=list)  # (syllables, accented) of each quoted phrase, checked in the text
    # Excluded phrases of two syllables or more: (group, (syllables, accented)). The group (every pair present) finds
    # the suspects; only those whose text holds the phrase word for word are removed.
    excluded: list = field(default_factory=list)
    accented: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.should or self.must)


def content_runs(sylls: list[str], accented: bool) -> list[list[str]]:
    """``sylls`` split into runs with the question words removed (no bigram spans a removed word).

    ``sylls`` are exact syllables when ``accented``, folded ones otherwise. Returns ``[sylls]`` unchanged when
    ``DROP_INTENT`` is off or nothing would remain.
    """
    if not DROP_INTENT or not sylls:
        return [sylls] if sylls else []
    table = _INTENT_EXACT if accented else _INTENT_FOLDED
    if len(sylls) > LONG_QUESTION and fold(sylls[-1]) in ("khong", "chua"):
        sylls = sylls[:-1]  # "Có được ... không?": a yes/no question's closing word
    runs, run, i = [], [], 0
    while i < len(sylls):
        for n in range(min(_INTENT_LONGEST, len(sylls) - i), 0, -1):
            if tuple(sylls[i : i + n]) in table:
                if run:
                    runs.append(run)
                run = []
                i += n
                break
        else:
            run.append(sylls[i])
            i += 1
    if run:
        runs.append(run)
    return runs or [sylls]


def _fields(accented: bool, fallback: bool):
    """(field, boost) pairs searched for a term.

    With diacritics: the exact fields, plus the folded ones as a weaker fallback. Without: the folded fields, plus
    (short queries only) the exact fields as a bonus for documents containing the typed form literally ("an ninh").
    """
    if accented:
        exact = [("title", 1.0), ("body", 1.0)]
        return exact + ([("title_f", FOLDED_FALLBACK_BOOST), ("body_f", FOLDED_FALLBACK_BOOST)] if fallback else [])
    folded = [("title_f", 1.0), ("body_f", 1.0)]
    return folded + ([("title", LITERAL_BONUS), ("body", LITERAL_BONUS)] if fallback else [])


def _form(syllable: str, field_name: str) -> str:
    return fold(syllable) if field_name.endswith("_f") else syllable


def _pick(
    reader, candidates: list[str], df_field: str, limit: int, drop_common: bool, ratio: float | None = None
) -> list[str]:
    """The ``limit`` rarest candidates present in the index (those in more than ``ratio`` of the documents dropped
    when others remain)."""
    n = max(1, reader.doc_count())
    title_field = "title" if df_field == "body" else "title_f"
    scored = []
    for term in dict.fromkeys(candidates):
        df = reader.doc_frequency(df_field, term) or (1 if reader.doc_frequency(title_field, term) else 0)
        if df:
            scored.append((df, term))
    scored.sort()
    if drop_common:
        limit_df = (MAX_DF_RATIO if ratio is None else ratio) * n
        rare = [x for x in scored if x[0] <= limit_df]
        scored = rare or scored[:1]
    return [t for _, t in scored[:limit]]


def _scored(terms: list[str], accented: bool, fallback: bool, boost: float = 1.0) -> list:
    return [(f, _form(t, f), boost * fb) for f, fb in _fields(accented, fallback) for t in terms]


def _phrase_group(sylls: list[str], accented: bool) -> list:
    """A phrase as alternatives: all its bigrams (or its one syllable) in the title, or all in the body."""
    units = bigrams(sylls) or sylls
    fields = ("title", "body") if accented else ("title_f", "body_f")
    return [[(f, _form(u, f)) for u in units] for f in fields]


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
            partial = "{}-{}".format(nq.serial.lstrip("0") or "0", fold(nq.type_code))
            out.setdefault(partial, NUMBER_BOOST / (4.0 if nq.key else 1.0))
    return list(out.items())


def synonym_expansions(words: list[str], synonyms) -> tuple[list[str], list[str]]:
    """Syllables and bigrams that the synonym list adds for ``words`` (exact forms; the caller folds them)."""
    if synonyms is None or not words:
        return [], []
    original = set(words)
    extra, grams = [], []
    for form in synonyms.expansions(words):
        if len(form) == 1:
            extra += [s for s in form if s not in original and s not in extra]
        grams += [g for g in bigrams(form) if g not in grams]
    return extra[:MAX_SYNONYM_TERMS], grams[:MAX_SYNONYM_TERMS]


def build_plan(parsed: ParsedQuery, reader, synonyms=None) -> Plan:
    """The bounded ``Plan`` for ``parsed`` against ``reader``'s statistics (rarest terms kept, common ones dropped).

    ``synonyms`` (a ``SynonymSet``) adds the other forms of the forms found in the query, as bigrams (and single
    syllables for one-syllable forms) at ``SYNONYM_BOOST``. ``parsed.restored`` (diacritics restored) adds the exact
    forms of the kept terms at ``RESTORED_BONUS``, so documents with the meant words rank before look-alikes.
    """
    accented = parsed.accented
    df_field = "body" if accented else "body_f"
    sylls = [s if accented else fold(s) for s in parsed.words]
    phrase_sylls = [s if accented else fold(s) for p in parsed.phrases for s in p]
    long_question = len(sylls) > LONG_QUESTION
    fallback = not long_question
    runs = content_runs(sylls, accented) if long_question else [sylls]
    content = [s for run in runs for s in run]
    unigrams = _pick(reader, content + phrase_sylls, df_field, MAX_UNIGRAMS, drop_common=long_question)
    grams = _pick(
        reader,
        [g for run in runs for g in bigrams(run)],
        df_field,
        MAX_BIGRAMS,
        drop_common=BIGRAM_MAX_DF_RATIO < 1.0,
        ratio=BIGRAM_MAX_DF_RATIO,
    )
    abbrs, abbr_grams = abbreviation_expansions(parsed.words)
    abbrs = [s if accented else fold(s) for s in abbrs]
    grams += [g for g in (x if accented else fold(x) for x in abbr_grams) if g not in grams]
    plan = Plan(accented=accented)
    kept = set(unigrams)
    plan.near = [s for s in content if s in kept] if long_question else []
    # Restored exact forms rank the meant words first in short queries ("ban" -> "bán"); in long questions the pairs
    # already disambiguate (measured: no held-out gain), so they are left out there.
    if RESTORED_BONUS and not accented and not long_question and parsed.restored and len(parsed.restored) == len(sylls):
        exact_of = dict(zip(sylls, parsed.restored, strict=True))
        for a, b in zip(sylls, sylls[1:], strict=False):
            exact_of.setdefault(a + "_" + b, exact_of[a] + "_" + exact_of[b])
        if len(sylls) == 1:  # a single exact syllable only when no pair can say it (its postings are long)
            plan.should += [
                (f, exact_of[t], RESTORED_BONUS) for t in unigrams if t in exact_of for f in ("title", "body")
            ]
        plan.should += [
            (f, exact_of[g], RESTORED_BONUS * BIGRAM_BOOST) for g in grams if g in exact_of for f in ("title", "body")
        ]
    syn_sylls, syn_grams = synonym_expansions(parsed.words, synonyms)
    if syn_sylls or syn_grams:
        syn_sylls = [s if accented else fold(s) for s in syn_sylls]
        syn_grams = [g if accented else fold(g) for g in syn_grams if (g if accented else fold(g)) not in grams]
        plan.should += _scored(syn_sylls, accented, False, SYNONYM_BOOST)
        plan.should += _scored(syn_grams, accented, False, SYNONYM_BOOST * BIGRAM_BOOST)
    plan.should += _scored(unigrams, accented, False)  # the fallback/literal forms only for bigrams: cheap, precise
    plan.should += _scored(grams, accented, fallback, BIGRAM_BOOST)
    plan.should += _scored(abbrs, accented, fallback, ABBREVIATION_BOOST)
    plan.should += [("number_keys", key, boost) for key, boost in number_terms(parsed.numbers)]
    plan.should += [
        (f, g if accented else fold(g), BIGRAM_BOOST)
        for g in parsed.number_grams
        for f in (("title", "body") if accented else ("title_f", "body_f"))
    ]
    plan.must = [_phrase_group([s if accented else fold(s) for s in p], accented) for p in parsed.phrases]
    plan.phrases = [(p if accented else [fold(s) for s in p], accented) for p in parsed.phrases]
    for ex in parsed.excluded:
        ex_accented = has_diacritics(" ".join(ex))
        sylls = ex if ex_accented else [fold(s) for s in ex]
        if len(sylls) > 1:
            plan.excluded.append((_phrase_group(sylls, ex_accented), (sylls, ex_accented)))
        else:
            plan.must_not.append(_phrase_group(sylls, ex_accented))
    return plan
