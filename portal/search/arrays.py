"""The search core's numeric kernels: numpy's one home in the portal.

A search touches every posting of its terms. Done one posting at a time in Python (a dict update each, Whoosh's
delta decoding a generator step each), the cost of a search grew with the number of matching documents: ~0.3 µs
per posting, 28k postings per short query at 10k documents. Here a posting list is read block by block straight into
arrays (the block's delta-coded ids summed by ``numpy.cumsum``, its frequencies taken as they are stored), BM25F is
accumulated over whole arrays, and sets of docnums are boolean vectors over the reader's docnums: the visible set,
the filters, the matches. Facet counts are ``bincount``s over coded columns and the best page is an
``argpartition``, so what is left per match is a few nanoseconds in C.

Everything here is derived from one reader generation (``ReaderCache``) and never written back to the index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


class _Labels:
    """Codes for values in order of first appearance (0 stands for no value)."""

    def __init__(self):
        self.labels: list = [None]
        self._codes: dict = {}

    def code(self, value) -> int:
        c = self._codes.get(value)
        if c is None:
            c = self._codes[value] = len(self.labels)
            self.labels.append(value)
        return c


@dataclass
class CodedColumn:
    """A stored column as small integer codes per docnum (0: no value) and the values they stand for.

    Multi-valued columns ("units", "tasks") are (docnum, code) pairs: ``pair_docs[i]`` holds value ``pair_codes[i]``.
    """

    labels: list
    size: int
    codes: np.ndarray | None = None
    pair_docs: np.ndarray | None = None
    pair_codes: np.ndarray | None = None

    @classmethod
    def single(cls, values: list) -> CodedColumn:
        labels = _Labels()
        codes = np.fromiter((labels.code(v) if v else 0 for v in values), dtype=np.int32, count=len(values))
        return cls(labels=labels.labels, size=len(values), codes=codes)

    @classmethod
    def multi(cls, values: list) -> CodedColumn:
        labels = _Labels()
        pairs = [(d, labels.code(v)) for d, vs in enumerate(values) for v in vs]
        return cls(
            labels=labels.labels,
            size=len(values),
            pair_docs=np.asarray([d for d, _ in pairs], dtype=np.int64),
            pair_codes=np.asarray([c for _, c in pairs], dtype=np.int32),
        )

    def counts(self, selected: np.ndarray) -> dict:
        """{value: number of selected docnums holding it}, most frequent first (ties by value)."""
        if self.codes is not None:
            tally = np.bincount(self.codes[selected], minlength=len(self.labels))
        else:
            tally = np.bincount(self.pair_codes[selected[self.pair_docs]], minlength=len(self.labels))
        found = np.flatnonzero(tally[1:]) + 1
        pairs = [(self.labels[c], int(tally[c])) for c in found.tolist()]
        return dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))

    def matching(self, wanted: set) -> np.ndarray:
        """Boolean vector of the docnums holding any of ``wanted`` (values compared as strings)."""
        codes = [c for c, v in enumerate(self.labels) if c and str(v) in wanted]
        if self.codes is not None:
            return np.isin(self.codes, codes)
        out = np.zeros(self.size, dtype=bool)
        out[self.pair_docs[np.isin(self.pair_codes, codes)]] = True
        return out


@dataclass
class ReaderArrays:
    """One reader generation's per-docnum vectors: live docnums, field lengths, coded columns, date ranks."""

    size: int
    live: np.ndarray
    lengths: dict
    avg_length: dict
    columns: dict
    date_rank: np.ndarray

    @classmethod
    def build(cls, cache, multi_valued) -> ReaderArrays:
        size = len(cache.ids)
        live = np.fromiter((i is not None for i in cache.ids), dtype=bool, count=size)
        live.flags.writeable = False  # shared by every search of the generation
        lengths = {f: np.asarray(v, dtype=np.float64) for f, v in cache.lengths.items() if len(v) == size}
        columns = {
            name: (CodedColumn.multi if name in multi_valued else CodedColumn.single)(values)
            for name, values in cache.columns.items()
            if name not in ("id", "updated_at")
        }
        dates = cache.columns.get("issued_on") or [""] * size
        ordered = sorted(set(dates), key=lambda v: (v is not None, v or ""))
        rank = {v: r for r, v in enumerate(ordered)}
        date_rank = np.fromiter((rank[v] for v in dates), dtype=np.int64, count=size)
        return cls(
            size=size,
            live=live,
            lengths=lengths,
            avg_length=dict(cache.avg_length),
            columns=columns,
            date_rank=date_rank,
        )


def arrays_of(cache, multi_valued) -> ReaderArrays:
    """The ``ReaderArrays`` of a ``ReaderCache``, built once per reader generation and kept on it."""
    found = cache.__dict__.get("_arrays")
    if found is None:
        found = cache.__dict__["_arrays"] = ReaderArrays.build(cache, multi_valued)
    return found


def bool_vector(size: int, docnums) -> np.ndarray:
    """A boolean vector of ``size`` with ``docnums`` (any iterable of ints) set."""
    out = np.zeros(size, dtype=bool)
    ids = np.fromiter(docnums, dtype=np.int64)
    if len(ids):
        out[ids[(ids >= 0) & (ids < size)]] = True
    return out


# -- posting lists ------------------------------------------------------------------------------------------------


def _leaf_blocks(matcher):
    """(ids, frequencies) arrays of each block of one segment's posting list."""
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block") and not getattr(matcher, "_byteids", True):
        # Whoosh's W3 block: a (delta-coded ids, weights, values) tuple; weights are None (all 1), one float for
        # the whole block, or an array of floats.
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            ids, weights = matcher._data[0], matcher._data[1]
            ids = np.cumsum(np.asarray(ids, dtype=np.int64))
            if weights is None:
                tf = np.ones(len(ids), dtype=np.float64)
            elif isinstance(weights, float):
                tf = np.full(len(ids), weights, dtype=np.float64)
            else:
                tf = np.asarray(weights, dtype=np.float64)
            start = matcher._i
            yield (ids[start:], tf[start:]) if start else (ids, tf)
            matcher._next_block()
    else:  # any other matcher (in-memory segments): one posting at a time
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(global docnums, term frequencies) of a term across the reader's segments, deleted docnums included."""
    id_parts, tf_parts = [], []
    for segreader, offset in reader.leaf_readers():
        if (field, text) not in segreader:
            continue
        for ids, tf in _leaf_blocks(segreader.postings(field, text)):
            id_parts.append(ids + offset if offset else ids)
            tf_parts.append(tf)
    if not id_parts:
        return _EMPTY
    if len(id_parts) == 1:
        return id_parts[0], tf_parts[0]
    return np.concatenate(id_parts), np.concatenate(tf_parts)


def containing(reader, size: int, field: str, text: str) -> np.ndarray:
    """Boolean vector of the docnums whose ``field`` holds ``text``."""
    out = np.zeros(size, dtype=bool)
    ids, _ = postings(reader, field, text)
    out[ids] = True
    return out


def bm25f(
    reader, arrays: ReaderArrays, should, field_boost: dict, k1: float, b: float
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, matched) over every docnum: the sum over (field, term, boost) of boost x field boost x BM25, and
    which docnums hold any of the terms. Fields without lengths (number keys) score flat."""
    n = max(1, reader.doc_count_all())
    size = arrays.size
    scores = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=bool)
    for field, text, boost in should:
        df = reader.doc_frequency(field, text)
        if not df:
            continue
        ids, tf = postings(reader, field, text)
        if not len(ids):
            continue
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        weight = boost * idf * field_boost.get(field, 1.0) * (k1 + 1)
        lengths = arrays.lengths.get(field)
        if lengths is None:
            scores[ids] += weight / (k1 + 1)
        else:
            avg = arrays.avg_length.get(field) or 1.0
            scores[ids] += weight * tf / (tf + k1 * (1 - b) + (k1 * b / avg) * lengths[ids])
        matched[ids] = True
    return scores, matched


# -- ranking ------------------------------------------------------------------------------------------------------


def best_first(docs: np.ndarray, scores: np.ndarray, stop: int | None = None) -> np.ndarray:
    """Positions in ``docs`` of the ``stop`` best (highest score, then lowest docnum), in that order; all when None.

    Only the best ``stop`` are sorted: ``argpartition`` finds the score of the last of them, and the ties at that
    score are broken by docnum, as a full sort would."""
    m = len(docs)
    if stop is None or stop >= m:
        return np.lexsort((docs, -scores))
    if stop <= 0:
        return np.zeros(0, dtype=np.int64)
    kth = scores[np.argpartition(-scores, stop - 1)[stop - 1]]
    candidates = np.flatnonzero(scores >= kth)
    order = np.lexsort((docs[candidates], -scores[candidates]))
    return candidates[order[:stop]]


def by_date(docs: np.ndarray, scores: np.ndarray, date_rank: np.ndarray, newest_first: bool) -> np.ndarray:
    """Positions in ``docs`` by date (then score, in the same direction), ties by docnum."""
    sign = -1 if newest_first else 1
    return np.lexsort((docs, sign * scores, sign * date_rank[docs]))
