"""Searching the index: ranked hits, facets, snippets, more-like-this and autocomplete, limited to allowed documents.

``allowed`` is what the user may see: a ``security.VisibleFilter`` (ids from the one visibility query, cached per
visibility class), a set of index ids ("document:12"), or None for everything (administrators and tools). Hits,
totals, facets, snippets and suggestions are all computed over allowed documents only: the allowed set becomes a
boolean vector over the reader's docnums, and matches are (docnums, scores) arrays (``arrays``), so the cost per
matching document is a few operations in C rather than a Python step.
"""

from __future__ import annotations

import bisect
import functools
import html
import logging
import re
import time

import numpy as np
from whoosh import query as wq

from portal.search.arrays import ReaderArrays, arrays_of, best_first, bool_vector, by_date, containing
from portal.search.masks import DocnumMask, mask_for
from portal.search.query import ParsedQuery, Plan, QueryRejected, build_plan, parse_query  # noqa: F401
from portal.search.restore import restorer_for
from portal.search.schema import FACET_FIELDS, MULTI_VALUED
from portal.search.scoring import bm25f
from portal.search.synonyms import synonym_set
from portal.text import fold, normalize
from portal.text.normalize import fold_aligned

log = logging.getLogger(__name__)

SNIPPET_CHARS = 240
MAX_MARKS_SCANNED = 500  # enough to find the densest window; bounds the cost on 500-page documents
MAX_LIMIT = 100
MAX_OFFSET = 10_000
PROXIMITY_WEIGHT = 1.0  # rerank: share of the question's neighbouring content words found near each other
PROXIMITY_TOP = 30  # documents reranked
PROXIMITY_CHARS = 40  # "near": within this many characters (about six syllables)
PROXIMITY_TEXT_CHARS = 40_000  # text read per document
VERIFY_PHRASES = True  # False: the old behaviour (every pair of the phrase anywhere), for benchmarks
PHRASE_VERIFY_DOCS = 5000  # quoted phrases: candidates checked against the stored text at most
PHRASE_VERIFY_MIN = 100  # ... and at least, whatever the time
PHRASE_VERIFY_SECONDS = 0.06
FACET_KEYS = ("type", "year", "issuer", "unit", "task")


def _arrays(cache) -> ReaderArrays:
    return arrays_of(cache, MULTI_VALUED)


def _mask(cache, allowed, filters: dict) -> np.ndarray | None:
    """Boolean vector of the docnums allowed and passing ``filters`` (None when nothing restricts). Read-only when it
    is the cached visible set: callers copy before changing it."""
    arrays = _arrays(cache)
    if allowed is None:
        docs = None
    elif hasattr(allowed, "documents"):  # security.VisibleFilter: a vector memoized per reader generation
        docs = mask_for(cache, allowed)
    else:
        docs = bool_vector(arrays.size, (cache.docnum[i] for i in allowed if i in cache.docnum))
    active = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    if not active:
        return docs
    out = (docs if docs is not None else arrays.live).copy()
    for key, value in active.items():
        col = "kind" if key == "kind" else FACET_FIELDS.get(key)
        if col is None:
            continue
        wanted = {str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])}
        out &= arrays.columns[col].matching(wanted)
    return out


def _facets(arrays: ReaderArrays, docs: np.ndarray) -> dict:
    selected = np.zeros(arrays.size, dtype=bool)
    selected[docs] = True
    return {key: arrays.columns[FACET_FIELDS[key]].counts(selected) for key in FACET_KEYS}


# Lowercase Latin letters -> folded letter, one char for one char: str.translate folds a long text in C, keeping offsets.
_FOLD_TABLE = {
    cp: fold_aligned(chr(cp))
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))
    if len(fold_aligned(chr(cp))) == 1 and fold_aligned(chr(cp)) != chr(cp)
}
# Identity entries for the common unmapped characters: str.translate raises and clears a KeyError for every character
# missing from a dict table, which made folding a long document cost 2x more (same output).
_FOLD_TABLE.update(
    {cp: cp for r in (range(0x250), range(0x1E00, 0x1F00), range(0x2000, 0x2070)) for cp in r if cp not in _FOLD_TABLE}
)


def _folded_same_length(text: str) -> str:
    hay = text.lower().translate(_FOLD_TABLE)
    return hay if len(hay) == len(text) else fold_aligned(text)


MARKUP = re.compile(
    r"(?:^|(?<=\s))(?:#{1,6}|&gt;|[-*+]\s\[[ xX]\])\s+|\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`+"
)


def plain_markup(body: str) -> str:
    """A snippet without Markdown markup ("##", "**", "> ", backticks): people read text, not its source."""
    return " ".join(MARKUP.sub(" ", body).split())


# Folded character -> the characters folding to it, for matching folded terms on unfolded lowercase text.
_INVERSE_FOLD: dict[str, set] = {}
for _cp, _to in _FOLD_TABLE.items():
    _to = chr(_to) if isinstance(_to, int) else _to
    if _to != chr(_cp):
        _INVERSE_FOLD.setdefault(_to, set()).add(chr(_cp))


@functools.lru_cache(maxsize=1024)
def _accent_piece(c: str) -> str:
    """Regex of the characters whose fold (``_FOLD_TABLE``) is ``c``: "d" -> "[dđ]"; never matches when none."""
    to = _FOLD_TABLE.get(ord(c), ord(c))
    members = set(_INVERSE_FOLD.get(c, ()))
    if (chr(to) if isinstance(to, int) else to) == c:
        members.add(c)
    if not members:
        return "(?!)"
    if members == {c}:
        return re.escape(c)
    return "[{}]".format("".join(re.escape(m) for m in sorted(members)))


def _term_regex(chars: str, accent_classes: bool) -> str:
    if not accent_classes:
        return re.escape(chars).replace("\\ ", r"\W+")
    return "".join(r"\W+" if c == " " else _accent_piece(c) for c in chars)


def _mark_pattern(terms: list[str], accent_classes: bool = False):
    return _mark_pattern_cached(tuple(terms), accent_classes)


@functools.lru_cache(maxsize=256)
def _mark_pattern_cached(terms: tuple, accent_classes: bool):
    """The regex of ``terms`` as whole words (a space matching any non-word run), longest first; with
    ``accent_classes`` each folded letter matches its accented forms too (for lowercased, unfolded text).

    The same matches as a word-start lookbehind before one alternation of all the terms, written as one branch per
    first character with the word-start check after that character: the regex engine then skips to the positions
    where a term can start instead of testing every position of a long document.
    """
    ordered = sorted(terms, key=len, reverse=True)
    if not all(t and t[0] != " " for t in ordered):
        return re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(_term_regex(t, accent_classes) for t in ordered)))
    groups: dict[str, list[str]] = {}
    for t in ordered:
        groups.setdefault(t[0], []).append(_term_regex(t[1:], accent_classes))
    return re.compile(
        "(?:{})(?!\\w)".format(
            "|".join(
                _term_regex(c, accent_classes) + r"(?<!\w[\s\S])(?:" + "|".join(rests) + ")"
                for c, rests in groups.items()
            )
        )
    )


def snippet(text: str, page_starts: list[int], terms: list[str], accented: bool) -> tuple[str, int | None]:
    """An HTML-escaped window of ``text`` around the densest cluster of ``terms`` with <mark>, and its 1-based page."""
    if not text:
        return "", None
    # Folded terms are matched on the lowercased text through accent classes (the same marks as on the folded text,
    # without folding a long document first); the folded text itself only when lowercasing changed its length.
    hay = text.lower()
    by_classes = not accented and len(hay) == len(text)
    if not accented and not by_classes:
        hay = _folded_same_length(text)
    if len(hay) != len(text):  # lowercasing changed offsets (rare letters): mark nothing, still show the start
        hay, terms = "", []
    positions = []
    if terms:
        pattern = _mark_pattern(terms, accent_classes=by_classes)
        positions = [
            (m.start(), m.end()) for m, _ in zip(pattern.finditer(hay), range(MAX_MARKS_SCANNED), strict=False)
        ]
    if positions:
        keys = [hay[a:b].translate(_FOLD_TABLE) if by_classes else hay[a:b] for a, b in positions]
        best, best_score = 0, -1
        j = 0
        for i, (start, _) in enumerate(positions):
            while positions[j][0] < start - SNIPPET_CHARS:
                j += 1
            distinct = len(set(keys[j : i + 1]))
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
    end = min(len(text), begin + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", begin + SNIPPET_CHARS // 2, end)
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
    body = plain_markup(" ".join("".join(parts).split()))
    if begin > 0:
        body = "… " + body
    if end < len(text):
        body += " …"
    page = bisect.bisect_right(page_starts, anchor) if page_starts and len(page_starts) > 1 else None
    return body, page


def _hit(searcher, docnum: int, score, parsed: ParsedQuery | None, with_snippet: bool) -> dict:
    stored = searcher.stored_fields(docnum)
    snip, page = "", None
    if with_snippet:
        terms = parsed.highlight_terms() if parsed else []
        snip, page = snippet(
            stored.get("text", ""),
            stored.get("page_starts") or [],
            terms,
            parsed.highlight_accented if parsed else True,
        )
    kind = stored.get("kind")
    return {
        "id": stored["id"],
        "kind": kind,
        "score": round(float(score), 4) if score is not None else None,
        "title": stored.get("title_text", ""),
        "number": stored.get("number") or None,
        "type": stored.get("doc_type") or None,
        "issued_on": stored.get("issued_on") or None,
        "snippet": snip,
        "page": page,
    }


def _group_docs(reader, size: int, group) -> np.ndarray:
    """Boolean vector of the docnums satisfying any alternative of a group (every (field, term) of it present)."""
    out = np.zeros(size, dtype=bool)
    for alternative in group:
        docs = None
        for field_name, term in alternative:
            found = containing(reader, size, field_name, term)
            docs = found if docs is None else docs & found
            if not docs.any():
                break
        if docs is not None:
            out |= docs
    return out


def execute(plan: Plan, reader, cache, mask) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, scores) of the live, allowed docnums matching ``plan`` (required groups met, excluded ones removed),
    docnums ascending."""
    arrays = _arrays(cache)
    scores, matched = bm25f(reader, arrays, plan.should)
    required = None
    for group in plan.must:
        docs = _group_docs(reader, arrays.size, group)
        required = docs if required is None else required & docs
    if required is not None:
        scores += 1.0
        matched = required
    for group in plan.must_not:
        matched &= ~_group_docs(reader, arrays.size, group)
    matched &= mask if mask is not None else arrays.live
    docs = np.flatnonzero(matched)
    return docs, scores[docs]


def _within(a: list[int], b: list[int], window: int) -> bool:
    """True when some offset of ``a`` and some offset of ``b`` (both sorted) are at most ``window`` apart."""
    i = j = 0
    while i < len(a) and j < len(b):
        if abs(a[i] - b[j]) <= window:
            return True
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return False


def proximity_rerank(searcher, plan: Plan, docs: np.ndarray, scores: np.ndarray) -> None:
    """Raise the best ``PROXIMITY_TOP`` of ``scores`` (in place) by how many of the question's neighbouring content
    words (common and question words left out, so pairs beyond adjacent ones) occur within ``PROXIMITY_CHARS`` in the
    stored text."""
    seq = [t for i, t in enumerate(plan.near) if i == 0 or t != plan.near[i - 1]]
    pairs = list(dict.fromkeys((a, b) for a, b in zip(seq, seq[1:], strict=False) if a != b))
    if len(pairs) < 2 or not len(docs):
        return
    rx = re.compile(
        r"(?<!\w)({})(?!\w)".format("|".join(re.escape(t) for t in sorted(set(seq), key=len, reverse=True)))
    )
    for pos in best_first(docs, scores, PROXIMITY_TOP).tolist():
        stored = searcher.stored_fields(int(docs[pos]))
        text = (stored.get("title_text", "") + "\n" + stored.get("text", ""))[:PROXIMITY_TEXT_CHARS]
        hay = text.lower() if plan.accented else _folded_same_length(text)
        where: dict[str, list[int]] = {}
        for m in rx.finditer(hay):
            where.setdefault(m.group(1), []).append(m.start())
        near = sum(1 for a, b in pairs if a in where and b in where and _within(where[a], where[b], PROXIMITY_CHARS))
        scores[pos] *= 1.0 + PROXIMITY_WEIGHT * near / len(pairs)


def phrase_pattern(sylls: list[str]) -> re.Pattern:
    """The syllables adjacent and in order, whole syllables: no other word between them (spaces, punctuation and line
    breaks may be, as in text copied from a document: the quotes carry no punctuation after parsing)."""
    return re.compile(r"(?<![^\W_]){}(?![^\W_])".format(r"[\W_]+".join(re.escape(s) for s in sylls)))


def _suspects(plan: Plan, reader, arrays: ReaderArrays, docs: np.ndarray) -> np.ndarray | None:
    """Which of ``docs`` hold every pair of some excluded phrase (aligned with ``docs``; None: no such phrase)."""
    if not plan.excluded:
        return None
    found = np.zeros(arrays.size, dtype=bool)
    for group, _ in plan.excluded:
        found |= _group_docs(reader, arrays.size, group)
    return found[docs]


def _holds(rx, accented: bool, text: str, forms: dict) -> bool:
    """True when ``rx`` matches the text lowercased (``accented``) or folded; ``forms`` keeps both per document."""
    key = "low" if accented else "folded"
    hay = forms.get(key)
    if hay is None:
        hay = forms[key] = text.lower() if accented else _folded_same_length(text)
    return rx.search(hay) is not None


def verify_phrases(searcher, plan: Plan, docs: np.ndarray, scores: np.ndarray, suspects: np.ndarray | None = None):
    """Keep the documents whose stored text (title and body) holds every quoted phrase word for word, and none of the
    excluded phrases (``-"…"``).

    Candidates are documents holding every pair of each quoted phrase (all of ``docs``) and, for excluded phrases, the
    ``suspects`` holding every pair of one; the others pass unchecked. Candidates are checked best first, within
    ``PHRASE_VERIFY_DOCS`` documents and ``PHRASE_VERIFY_SECONDS``; those left unchecked are left out, and the total
    is then estimated from the share that passed ("about N", ``exact`` False).
    Returns (docnums, scores, total, exact) of the documents kept.
    """
    excluded = plan.excluded if suspects is not None and suspects.any() else []
    if excluded and not VERIFY_PHRASES:  # the old behaviour: every pair of the phrase anywhere excludes
        return docs[~suspects], scores[~suspects], int((~suspects).sum()), True
    if not (plan.phrases or excluded) or not len(docs) or not VERIFY_PHRASES:
        return docs, scores, len(docs), True
    required = [(phrase_pattern(sylls), accented) for sylls, accented in plan.phrases]
    forbidden = [(phrase_pattern(sylls), accented) for _, (sylls, accented) in excluded]
    if required:
        candidates = np.arange(len(docs))
        passed = np.zeros(len(docs), dtype=bool)
    else:  # only excluded phrases: documents without all the pairs of one cannot hold it
        candidates = np.flatnonzero(suspects)
        passed = ~suspects
    ordered = candidates[best_first(docs[candidates], scores[candidates], PHRASE_VERIFY_DOCS)].tolist()
    deadline = time.perf_counter() + PHRASE_VERIFY_SECONDS
    kept = checked = 0
    for pos in ordered:
        if checked >= PHRASE_VERIFY_DOCS or (checked >= PHRASE_VERIFY_MIN and time.perf_counter() > deadline):
            break
        checked += 1
        stored = searcher.stored_fields(int(docs[pos]))
        text = stored.get("title_text", "") + "\n" + stored.get("text", "")
        forms: dict = {}
        if all(_holds(rx, accented, text, forms) for rx, accented in required) and not (
            (suspects is None or suspects[pos]) and any(_holds(rx, accented, text, forms) for rx, accented in forbidden)
        ):
            passed[pos] = True
            kept += 1
    if checked == len(candidates):
        return docs[passed], scores[passed], int(passed.sum()), True
    rest = len(candidates) - checked
    estimate = int(passed.sum()) + round(rest * kept / max(1, checked))
    return docs[passed], scores[passed], estimate, False


def _order(docs: np.ndarray, scores: np.ndarray, arrays: ReaderArrays, sort: str, stop: int) -> list:
    """(docnum, score) of the first ``stop`` matches in the order asked (score None when sorted by date)."""
    if sort in ("date_desc", "date_asc"):
        ordered = by_date(docs, scores, arrays.date_rank, newest_first=sort == "date_desc")[:stop]
        return [(d, None) for d in docs[ordered].tolist()]
    best = best_first(docs, scores, stop)
    return list(zip(docs[best].tolist(), scores[best].tolist(), strict=True))


def search(
    manager,
    query_text: str,
    *,
    allowed: set[str] | None = None,
    filters: dict | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    snippets: bool = True,
    synonyms=None,
    suggest: bool = True,
) -> dict:
    """Ranked search over allowed documents (no ``url``)::

        {"total", "total_exact", "hits": [...], "facets": {...}, "suggestion"}

    ``suggestion`` is the query with its diacritics restored from the index's statistics ("cải cách hành chính" for
    "cai cach hanh chinh"), None when nothing better exists; when present, the restored forms also rank documents
    holding them first and mark the snippets. ``total_exact`` is False when quoted phrases matched so many candidates
    that only some were checked against the text and ``total`` is an estimate ("about N").
    ``synonyms``: the office's synonym lines (or a ``SynonymSet``); None uses the shipped list, ``()`` none.

    Raises ``QueryRejected`` for costly or malformed queries. An empty query with filters lists documents by date.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    parsed = parse_query(query_text)
    searcher = manager.searcher()
    reader = searcher.reader()
    cache = manager.cache(searcher)
    arrays = _arrays(cache)
    mask = _mask(cache, allowed, filters or {})
    suggestion, total, total_exact = None, None, True
    if parsed.is_empty:
        docs = np.flatnonzero(mask if mask is not None else arrays.live)
        scores = np.zeros(len(docs), dtype=np.float64)
        sort = sort if sort in ("date_desc", "date_asc") else "date_desc"
    else:
        if suggest:
            suggestion = _restore(
                parsed, reader, query_text, (manager.index_dir, getattr(manager, "_generation", None))
            )
        plan = build_plan(parsed, reader, synonym_set(synonyms))
        docs, scores = execute(plan, reader, cache, mask)
        suspects = _suspects(plan, reader, arrays, docs)
        docs, scores, total, total_exact = verify_phrases(searcher, plan, docs, scores, suspects)
        if PROXIMITY_WEIGHT and sort == "relevance":
            proximity_rerank(searcher, plan, docs, scores)
    page_docs = _order(docs, scores, arrays, sort, offset + limit)[offset:]
    hits = [_hit(searcher, d, s, parsed, with_snippet=snippets and not parsed.is_empty) for d, s in page_docs]
    return {
        "total": len(docs) if total is None else total,
        "total_exact": total_exact,
        "hits": hits,
        "facets": _facets(arrays, docs) if facets else {},
        "suggestion": suggestion,
    }


def _restore(parsed: ParsedQuery, reader, query_text: str, key=None) -> str | None:
    """The suggestion for the query (None when nothing better); sets ``parsed.restored`` for a plain query."""
    try:
        restorer = restorer_for(reader, key)
        suggestion = restorer.suggest(query_text)
        if suggestion is not None and not parsed.accented and parsed.words:
            words, _ = restorer.restore([fold(w) for w in parsed.words])
            parsed.restored = words
        return suggestion
    except Exception:  # noqa: BLE001 - a suggestion must never break the search
        log.exception("diacritic restoration failed")
        return None


def _similar_terms(searcher, reader, docnum: int) -> list[str]:
    """The 20 most distinctive terms of a document (tf × idf, leaving out terms in more than half the documents)."""
    import math

    from portal.search.analysis import terms as analysis_terms

    stored = searcher.stored_fields(docnum)
    text = (stored.get("title_text", "") + "\n" + stored.get("text", ""))[:20000]
    n = max(1, reader.doc_count())
    tf: dict = {}
    for t in analysis_terms(text):
        tf[t] = tf.get(t, 0) + 1
    weighted = []
    for t, c in tf.items():
        df = max(reader.doc_frequency("body", t), reader.doc_frequency("title", t))
        if 1 < df <= 0.5 * n:
            weighted.append((c * math.log(n / df), t))
    weighted.sort(reverse=True)
    return [t for _, t in weighted[:20]]


def more_like_this(manager, index_id: str, allowed: set[str] | None = None, limit: int = 5) -> list[dict]:
    """Documents most similar to ``index_id`` (its most distinctive exact terms), allowed ones only, itself excluded."""
    searcher = manager.searcher()
    cache = manager.cache(searcher)
    docnum = cache.docnum.get(index_id)
    if docnum is None:
        return []
    mask = _mask(cache, allowed, {})
    if mask is not None and int(mask.sum()) - int(mask[docnum]) == 0:  # nothing allowed but the document itself
        return []
    reader = searcher.reader()
    # A document's most distinctive terms outlive an index generation (another upload moves docnums, not its text):
    # kept on the manager by id and stored date, so a commit does not make every page open recompute them.
    memo = manager.similar_terms
    key = (index_id, cache.columns["updated_at"][docnum])
    top = memo.get(key)
    if top is None:
        top = _similar_terms(searcher, reader, docnum)
        if len(memo) > 10_000:
            memo.clear()
        memo[key] = top
    if not top:
        return []
    plan = Plan(should=[(f, t, 1.0) for t in top for f in ("title", "body")])
    docs, scores = execute(plan, reader, cache, mask)
    others = docs != docnum
    ordered = _order(docs[others], scores[others], _arrays(cache), "relevance", limit)
    return [_hit(searcher, d, sc, None, with_snippet=False) for d, sc in ordered]


def autocomplete(manager, prefix: str, allowed: set[str] | None = None, limit: int = 8) -> list[dict]:
    """Titles and numbers of allowed documents starting like ``prefix`` (last word completed as a prefix)."""
    prefix = normalize(prefix or "").strip()
    if len(prefix) < 2:
        return []
    parsed = parse_query(prefix, allow_prefix=True)
    searcher = manager.searcher()
    cache = manager.cache(searcher)
    mask = _mask(cache, allowed, {})
    if mask is not None and not mask.any():
        return []
    words = [fold(w) for w in parsed.words]
    if not words:
        return []
    head, last = words[:-1], words[-1].rstrip("*")
    reader = searcher.reader()
    completions = [
        t.decode("utf-8") if isinstance(t, bytes) else t
        for t, _ in zip(reader.expand_prefix("title_f", last), range(50), strict=False)
    ]
    number_like = re.sub(r"\s+", "", prefix.lower())
    number_terms = [
        t.decode("utf-8") if isinstance(t, bytes) else t
        for t, _ in zip(reader.expand_prefix("number_keys", number_like), range(20), strict=False)
    ]
    alternatives = [wq.Term("title_f", c) for c in completions]
    title_q = wq.And([wq.Term("title_f", w) for w in head] + [wq.Or(alternatives)]) if alternatives else None
    parts = [p for p in [title_q] if p is not None]
    parts += [wq.Term("number_keys", t, boost=5.0) for t in number_terms]
    if not parts:
        return []
    results = searcher.search(wq.Or(parts), limit=limit, filter=None if mask is None else DocnumMask(mask), terms=False)
    return [{"id": h["id"], "title": h.get("title_text", ""), "number": h.get("number") or None} for h in results]
