"""The Whoosh schema of the portal index and the conversion of a plain document dict into its fields.

One index holds documents and materials. Every searchable text exists twice (exact and folded), each field carrying
syllables, syllable bigrams and abbreviation terms. The text is stored once (normalized) with the start offset of each
page, so snippets and the page of a hit come from the stored copy without re-reading the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from whoosh import fields
from whoosh.system import pack_uint

from portal.search.analysis import VietnameseTokenizer, exact_analyzer, folded_analyzer, terms
from portal.text import normalize
from portal.text.numbers import partial_keys

PAGE_JOIN = "\n\n"
FACET_FIELDS = {"type": "doc_type", "year": "year", "issuer": "issuer", "unit": "units", "task": "tasks"}
MULTI_VALUED = {"units", "tasks"}


_TERM_BYTES: dict = {}  # term -> its UTF-8 bytes, one shared object per distinct term (less memory in the pool)
_FREQ_VALUES: dict = {}  # frequency -> (weight, encoded value), shared the same way
_MAX_TERM_BYTES = 1_000_000


class VietText(fields.TEXT):
    """``TEXT`` whose ``index()`` counts the analyzer's terms in one pass.

    It gives exactly the postings of Whoosh's own path (``Frequency.word_values`` over the tokenizer's Token stream:
    one (UTF-8 term, frequency, float(frequency) x field boost, packed frequency) per distinct term, in order of first
    occurrence) without a Token object and three dict updates per term, and it hands the writer one shared bytes
    object per distinct term, so the sorting pool holds ~half the memory per posting.
    """

    def index(self, value, **kwargs):
        ana = self.analyzer
        if not isinstance(value, str) or not isinstance(ana, VietnameseTokenizer):
            yield from super().index(value, **kwargs)
            return
        fb = self.format.field_boost
        if len(_TERM_BYTES) > _MAX_TERM_BYTES:
            _TERM_BYTES.clear()
        tb, fv = _TERM_BYTES, _FREQ_VALUES
        for term, freq in Counter(terms(value, ana.form, ana.with_bigrams)).items():
            b = tb.get(term)
            if b is None:
                b = tb[term] = term.encode("utf-8")
            v = fv.get((freq, fb))
            if v is None:
                v = fv[(freq, fb)] = (float(freq) * fb, pack_uint(freq))
            yield (b, freq, v[0], v[1])


def build_schema() -> fields.Schema:
    """A fresh schema object (analyzers are created per call)."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        kind=fields.ID(stored=True, sortable=True),
        title=VietText(analyzer=exact_analyzer(), phrase=False),
        title_f=VietText(analyzer=folded_analyzer(), phrase=False),
        body=VietText(analyzer=exact_analyzer(), phrase=False),
        body_f=VietText(analyzer=folded_analyzer(), phrase=False),
        number_keys=fields.KEYWORD(commas=True, lowercase=True),
        doc_type=fields.ID(stored=True, sortable=True),
        year=fields.ID(stored=True, sortable=True),
        issuer=fields.ID(stored=True, sortable=True),
        units=fields.KEYWORD(commas=True, stored=True, sortable=True),
        tasks=fields.KEYWORD(commas=True, stored=True, sortable=True),
        issued_on=fields.ID(stored=True, sortable=True),
        title_text=fields.STORED,
        number=fields.STORED,
        updated_at=fields.ID(stored=True, sortable=True),
        text=fields.STORED,
        page_starts=fields.STORED,
    )


def _iso(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _keyword(values) -> str:
    return ",".join(str(v).replace(",", " ").strip() for v in (values or []) if str(v).strip())


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Normalized text of all pages joined, and the start offset of each page in it."""
    starts, parts, pos = [], [], 0
    for page in pages:
        text = normalize(page or "")
        starts.append(pos)
        parts.append(text)
        pos += len(text) + len(PAGE_JOIN)
    return PAGE_JOIN.join(parts), starts


def to_fields(doc: dict) -> dict:
    """Whoosh fields for a plain document dict.

    Expected keys: ``id`` ("document:12"), ``kind``, ``title``, ``pages`` (list of page texts) or ``text``; optional
    ``number``, ``number_keys`` (computed from ``number`` by ``partial_keys`` when absent), ``doc_type``, ``year``,
    ``issuer``, ``units``, ``tasks``, ``issued_on`` (date or ISO), ``updated_at``.
    """
    pages = doc.get("pages")
    if pages is None:
        pages = [doc.get("text") or ""]
    text, starts = join_pages(pages)
    title = normalize(doc.get("title") or "")
    number = doc.get("number") or ""
    keys = doc.get("number_keys")
    if keys is None:
        keys = partial_keys(number) if number else []
    issued = _iso(doc.get("issued_on"))
    year = doc.get("year") or (issued[:4] if issued else "")
    return {
        "id": doc["id"],
        "kind": doc.get("kind") or doc["id"].split(":", 1)[0],
        "title": title,
        "title_f": title,
        "body": text,
        "body_f": text,
        "number_keys": _keyword(keys),
        "doc_type": doc.get("doc_type") or "",
        "year": str(year or ""),
        "issuer": doc.get("issuer") or "",
        "units": _keyword(doc.get("units")),
        "tasks": _keyword(doc.get("tasks")),
        "issued_on": issued,
        "title_text": title,
        "number": number,
        "updated_at": _iso(doc.get("updated_at")),
        "text": text,
        "page_starts": starts,
    }
