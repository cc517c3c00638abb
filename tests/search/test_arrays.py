"""The array kernels give what the per-posting code gave: the same postings, BM25F scores, order, facets and filters.

The index is written in both posting formats a portal may hold: Whoosh's own (tuples, 128 postings per block, as
indexes built before the array format) and the portal's (typed arrays, ``POSTING_BLOCK`` per block), in separate
segments, so docnum offsets and multi-block lists are exercised too.
"""

import math
import random
from collections import Counter

import numpy as np
import pytest

from portal.search import arrays
from portal.search.index import POSTING_BLOCK, ReaderCache, _compact_writer, create_index
from portal.search.schema import MULTI_VALUED, build_schema, to_fields
from portal.search.scoring import FIELD_BOOST, K1, B

WORDS = "cải cách hành chính chuyển đổi số kế hoạch đảng viên chi bộ kiểm tra giám sát nghị quyết dân vận".split()


def _doc(rnd, i):
    return to_fields(
        {
            "id": "document:%d" % i,
            "title": " ".join(rnd.choice(WORDS) for _ in range(4)),
            "pages": [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 40)))],
            "doc_type": rnd.choice(["nghi_quyet", "ke_hoach", "bao_cao", ""]),
            "year": rnd.choice(["2024", "2025", "2026"]),
            "units": rnd.sample(["1", "2", "3", "4"], rnd.randint(0, 2)),
            "issued_on": rnd.choice([None, "2025-01-02", "2026-03-04", "2026-11-30"]),
        }
    )


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    rnd = random.Random(7)
    ix = create_index(str(tmp_path_factory.mktemp("arrays")), build_schema())
    old = ix.writer()  # Whoosh's own writer: the format of indexes written before the array blocks
    for i in range(1300):
        old.add_document(**_doc(rnd, i))
    old.commit(merge=False)
    new = _compact_writer(ix, 16)
    for i in range(1300, 2600):
        new.add_document(**_doc(rnd, i))
    new.commit(merge=False)
    deleting = ix.writer()
    for i in range(0, 2600, 97):
        deleting.delete_by_term("id", "document:%d" % i)
    deleting.commit(merge=False)
    r = ix.reader()
    assert len(list(r.leaf_readers())) == 2
    yield r
    r.close()


def _whoosh_postings(reader, field, text):
    m = reader.postings(field, text)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def test_postings_read_as_arrays_are_whooshs_postings_in_both_formats(reader):
    checked = 0
    for field in ("title", "body", "body_f"):
        for term in [t.decode("utf-8") for t in reader.lexicon(field)]:
            ids, tf = arrays.postings(reader, field, term)
            expected_ids, expected_weights = _whoosh_postings(reader, field, term)
            assert ids.tolist() == expected_ids
            assert tf.tolist() == expected_weights
            checked += 1
    assert checked > 100
    longest = max(len(arrays.postings(reader, "body", w)[0]) for w in ("cải", "hành", "đảng"))
    assert longest > POSTING_BLOCK  # several blocks in the new segment, many in the old one


def _bm25f_per_posting(reader, cache, should):
    """The formula one posting at a time (the engine's code before the array kernels)."""
    n = max(1, reader.doc_count_all())
    scores = {}
    for field, text, boost in should:
        df = reader.doc_frequency(field, text)
        if not df:
            continue
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        weight = boost * idf * FIELD_BOOST.get(field, 1.0) * (K1 + 1)
        avg = cache.avg_length[field] or 1.0
        ids, weights = _whoosh_postings(reader, field, text)
        for d, tf in zip(ids, weights, strict=True):
            length = cache.lengths[field][d]
            scores[d] = scores.get(d, 0.0) + weight * tf / (tf + K1 * (1 - B) + K1 * B / avg * length)
    return scores


def test_vector_bm25f_scores_every_matching_docnum_as_the_formula_does(reader):
    cache = ReaderCache.build(reader)
    vectors = arrays.arrays_of(cache, MULTI_VALUED)
    should = [("body", "cải_cách", 2.0), ("title", "cải_cách", 2.0), ("body_f", "kiem", 1.0), ("title", "số", 0.5)]
    scores, matched = arrays.bm25f(reader, vectors, should, FIELD_BOOST, K1, B)
    expected = _bm25f_per_posting(reader, cache, should)
    assert sorted(np.flatnonzero(matched).tolist()) == sorted(expected)
    for d, value in expected.items():
        assert scores[d] == pytest.approx(value, rel=1e-12)
    assert not scores[~matched].any()


def test_best_first_is_a_full_sort_by_score_then_docnum_cut_at_the_page():
    rnd = random.Random(3)
    docs = np.array(sorted(rnd.sample(range(10_000), 3000)), dtype=np.int64)
    scores = np.array([rnd.choice([0.5, 1.0, 1.5, 2.0]) + rnd.choice([0.0, 0.25]) for _ in docs])  # many ties
    full = sorted(range(len(docs)), key=lambda p: (-scores[p], docs[p]))
    for stop in (1, 7, 20, 333, 2999, 3000, 5000, None):
        assert arrays.best_first(docs, scores, stop).tolist() == full[: stop or None]


def test_by_date_orders_by_date_then_score_in_the_same_direction_then_docnum():
    docs = np.array([3, 5, 8, 9, 12], dtype=np.int64)
    scores = np.array([1.0, 2.0, 1.0, 2.0, 0.0])
    rank = np.zeros(20, dtype=np.int64)
    rank[[3, 5, 8, 9, 12]] = [1, 1, 0, 2, 1]
    newest = [int(docs[p]) for p in arrays.by_date(docs, scores, rank, newest_first=True)]
    oldest = [int(docs[p]) for p in arrays.by_date(docs, scores, rank, newest_first=False)]
    assert newest == [9, 5, 3, 12, 8]
    assert oldest == [8, 12, 3, 5, 9]


def test_facet_counts_and_filters_over_coded_columns_match_counting_by_hand(reader):
    cache = ReaderCache.build(reader)
    vectors = arrays.arrays_of(cache, MULTI_VALUED)
    rnd = random.Random(5)
    selected = np.zeros(vectors.size, dtype=bool)
    chosen = rnd.sample([d for d, i in enumerate(cache.ids) if i], 900)
    selected[chosen] = True
    for name in ("doc_type", "year", "units"):
        values = cache.columns[name]
        if name in MULTI_VALUED:
            tally = Counter(v for d in chosen for v in values[d])
        else:
            tally = Counter(values[d] for d in chosen if values[d])
        expected = dict(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))
        counts = vectors.columns[name].counts(selected)
        assert counts == expected and list(counts) == list(expected)
    units = vectors.columns["units"].matching({"2", "4"})
    assert np.flatnonzero(units).tolist() == [d for d, v in enumerate(cache.columns["units"]) if {"2", "4"} & set(v)]
    years = vectors.columns["year"].matching({"2025"})
    assert np.flatnonzero(years).tolist() == [d for d, v in enumerate(cache.columns["year"]) if v == "2025"]
