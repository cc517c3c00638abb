"""Fixtures for the pure engine tests: a real Whoosh index in tmp_path built from plain dicts (no Flask)."""

import pytest

from portal.search.index import IndexManager


@pytest.fixture
def manager(tmp_path):
    m = IndexManager(str(tmp_path / "index"))
    yield m
    m.close()


@pytest.fixture
def build(manager):
    """build(docs) -> manager, docs given as dicts; ids default to document:N."""

    def _build(docs):
        prepared = []
        for n, d in enumerate(docs, 1):
            d = dict(d)
            d.setdefault("id", "document:%d" % n)
            d.setdefault("kind", d["id"].split(":")[0])
            d.setdefault("title", "")
            if "pages" not in d:
                d.setdefault("text", "")
            prepared.append(d)
        manager.rebuild(prepared)
        return manager

    return _build
