"""BM25F over Whoosh postings, with the ranking's tuning constants (``benchmarks.relevance_cv`` varies them).

Whoosh's generic OR matcher tree costs seconds for a 25-word question (thousands of matcher calls per posting).
Here each term's posting list is read once, block by block, into arrays, and BM25 is summed per field over whole
arrays (``arrays.bm25f``): the matched docnums come with the scores, so totals and facets cost nothing more.
"""

from __future__ import annotations

from portal.search import arrays

K1 = 1.2
B = 0.75
FIELD_BOOST = {"title": 1.0, "title_f": 1.0}


def bm25f(reader, reader_arrays: arrays.ReaderArrays, should: list[tuple[str, str, float]]):
    """(scores, matched) vectors over the reader's docnums for the (field, term, boost) triples ``should``: the sum
    over terms of boost x field boost x BM25, and which docnums hold any of the terms."""
    return arrays.bm25f(reader, reader_arrays, should, FIELD_BOOST, K1, B)
