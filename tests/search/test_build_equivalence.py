"""The fast build path (VietText.index, CompactPostingPool, length tables) writes the same index as stock Whoosh."""

import random

from whoosh import fields

from portal.search.analysis import exact_analyzer, folded_analyzer
from portal.search.index import _compact_writer, create_index
from portal.search.schema import build_schema, to_fields

WORDS = (
    "Đảng ủy Ủy ban nhân dân cải cách hành chính chuyển đổi số kế hoạch năm 2026 thi đua khen thưởng kiểm tra "
    "giám sát đảng viên chi bộ nghị quyết hoà hòa thuỷ thủy đường dương CCHC KT-XH 91/2016/NĐ-CP Điều 5 khoản"
).split()


def _docs(n):
    rnd = random.Random(3)
    return [
        to_fields(
            {
                "id": "document:%d" % i,
                "title": " ".join(rnd.choice(WORDS) for _ in range(6)),
                "number": "%d/KH-ĐU" % i,
                "pages": [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(50, 300)))],
            }
        )
        for i in range(n)
    ]


def _stock_schema():
    schema = build_schema()
    for name, ana in (
        ("title", exact_analyzer),
        ("title_f", folded_analyzer),
        ("body", exact_analyzer),
        ("body_f", folded_analyzer),
    ):
        schema._fields[name] = fields.TEXT(analyzer=ana(), phrase=False)
    return schema


def _dump(reader):
    terms = []
    for name in sorted(reader.indexed_field_names()):
        for t in reader.lexicon(name):
            ti = reader.term_info(name, t)
            m = reader.postings(name, t)
            ids, weights = [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                m.next()
            terms.append((name, t, ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(), ids, weights))
    n = reader.doc_count_all()
    lengths = [[reader.doc_field_length(d, f) for f in ("title", "title_f", "body", "body_f")] for d in range(n)]
    return terms, lengths, [reader.stored_fields(d) for d in range(n)]


def test_fast_build_writes_the_same_postings_lengths_and_stored_fields(tmp_path):
    docs = _docs(150)
    stock = create_index(str(tmp_path / "stock"), _stock_schema())
    fast = create_index(str(tmp_path / "fast"), build_schema())
    w1 = stock.writer(limitmb=1)
    w2 = _compact_writer(fast, 1)  # 1 MB: both pools write runs to disk and merge them
    assert w2.pool.max_items < 60_000
    for d in docs:
        w1.add_document(**d)
        w2.add_document(**d)
    w1.commit()
    w2.commit()
    a, b = _dump(stock.reader()), _dump(fast.reader())
    assert a[0] == b[0]
    assert a[1] == b[1]
    assert a[2] == b[2]
