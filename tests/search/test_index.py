"""Index lifecycle without Flask: updates and deletes seen at once, analyzer stamp, rebuild-and-swap, lock errors."""

import json
import os

import pytest

from portal.search.engine import search
from portal.search.index import IndexManager, LockError


def ids(res):
    return [h["id"] for h in res["hits"]]


def test_update_and_delete_are_seen_by_the_long_lived_searcher(build):
    m = build([{"id": "document:1", "title": "Kế hoạch tuyên truyền"}, {"id": "document:2", "title": "Báo cáo"}])
    assert ids(search(m, "tuyên truyền")) == ["document:1"]
    m.apply([{"id": "document:1", "title": "Kế hoạch thi đua"}], [])
    assert search(m, "tuyên truyền")["total"] == 0
    assert ids(search(m, "thi đua")) == ["document:1"]
    m.apply([], ["document:1"])
    assert search(m, "thi đua")["total"] == 0
    assert m.searcher().doc_count() == 1


def test_analyzer_stamp_mismatch_needs_rebuild(build):
    m = build([{"title": "Một"}])
    assert not m.needs_rebuild
    path = os.path.join(m.index_dir, m.current_generation(), "meta.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"analyzer_version": "old"}, fh)
    fresh = IndexManager(m.index_dir)
    assert fresh.needs_rebuild and fresh.status()["needs_rebuild"]
    fresh.rebuild([{"id": "document:1", "title": "Một"}])
    assert not fresh.needs_rebuild
    fresh.close()


def test_rebuild_serves_the_old_generation_until_the_swap(build):
    m = build([{"id": "document:1", "title": "Chi bộ cũ"}])
    old_generation = m.current_generation()
    seen_during = []

    def docs():
        for n in range(1, 4):
            seen_during.append((m.current_generation(), ids(search(m, "chi bộ"))))
            yield {"id": "document:%d" % n, "title": "Chi bộ mới %d" % n}

    m.rebuild(docs())
    assert all(gen == old_generation and found == ["document:1"] for gen, found in seen_during)
    assert m.current_generation() != old_generation
    assert search(m, "chi bộ")["total"] == 3


def test_failed_rebuild_keeps_the_live_index(build):
    m = build([{"id": "document:1", "title": "Còn nguyên"}])
    live = m.current_generation()

    def broken():
        yield {"id": "document:2", "title": "x"}
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        m.rebuild(broken())
    assert m.current_generation() == live and ids(search(m, "còn nguyên")) == ["document:1"]


def test_apply_under_a_held_lock_raises_and_writes_nothing(build):
    m = build([{"id": "document:1", "title": "Một"}])
    writer = m.open().writer()
    try:
        with pytest.raises(LockError):
            m.apply([{"id": "document:2", "title": "Hai"}], [], timeout=0.1)
    finally:
        writer.cancel()
    assert search(m, "hai")["total"] == 0
    m.apply([{"id": "document:2", "title": "Hai"}], [])
    assert ids(search(m, "hai")) == ["document:2"]
