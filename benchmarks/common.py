"""Shared pieces of the search benchmarks: the corpus, the peers (SQLite FTS5, stock Whoosh) and our engine.

Run from the repository root (``python -m benchmarks.relevance``); the corpus path defaults to ../shared/corpus and is
never a test dependency.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import sqlite3
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))


def arg_parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder with legal-corpus.jsonl.gz and dev-queries.jsonl")
    p.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results"), help="folder for the markdown results")
    return p


def corpus_files(folder: str) -> tuple[str, str]:
    docs = os.path.join(folder, "legal-corpus.jsonl.gz")
    queries = os.path.join(folder, "dev-queries.jsonl")
    if not (os.path.exists(docs) and os.path.exists(queries)):
        sys.exit(
            f"Corpus not found in {folder} (need legal-corpus.jsonl.gz and dev-queries.jsonl); pass --corpus PATH."
        )
    return docs, queries


def load_units(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_queries(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def strip_diacritics(text: str) -> str:
    """The query as a user without a Vietnamese keyboard types it."""
    from portal.text import fold

    return fold(text)


def to_index_doc(unit: dict) -> dict:
    """A corpus unit as the plain dict our index takes."""
    return {
        "id": unit["id"],
        "kind": "document",
        "title": unit.get("title") or "",
        "number": unit.get("number") or "",
        "doc_type": unit.get("type") or "",
        "pages": [unit.get("text") or ""],
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# -- our engine --------------------------------------------------------------------------------------------------
class Ours:
    name = "ours (portal.search)"

    def __init__(self, folder: str | None = None):
        from portal.search.index import IndexManager

        self.folder = folder or tempfile.mkdtemp(prefix="bench-ours-")
        self.manager = IndexManager(self.folder)

    def build(self, units, limitmb=256):
        self.manager.rebuild((to_index_doc(u) for u in units), limitmb=limitmb)
        self.manager.searcher()

    def ids(self, query: str, k: int = 10) -> list[str]:
        from portal.search.engine import search

        res = search(self.manager, query, allowed=None, limit=k, facets=False)
        return [h["id"] for h in res["hits"]]

    def run(self, query: str, k: int = 10, facets: bool = True):
        from portal.search.engine import search

        return search(self.manager, query, allowed=None, limit=k, facets=facets)


# -- SQLite FTS5 --------------------------------------------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)


class FTS5:
    name = "SQLite FTS5 (unicode61 remove_diacritics 2, OR, bm25)"

    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(uid UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
        )

    def build(self, units):
        self.db.executemany(
            "INSERT INTO t(uid, title, body) VALUES (?,?,?)",
            ((u["id"], u.get("title") or "", u.get("text") or "") for u in units),
        )
        self.db.commit()

    @staticmethod
    def match(query: str) -> str:
        words = list(dict.fromkeys(w for w in _WORD.findall(query)))
        return " OR ".join('"{}"'.format(w.replace('"', "")) for w in words)

    def ids(self, query: str, k: int = 10) -> list[str]:
        m = self.match(query)
        if not m:
            return []
        rows = self.db.execute("SELECT uid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (m, k)).fetchall()
        return [r[0] for r in rows]

    def run(self, query: str, k: int = 10, phrase: bool = False):
        m = '"{}"'.format(query.strip('"')) if phrase else self.match(query)
        rows = self.db.execute(
            "SELECT uid, snippet(t, 2, '<mark>', '</mark>', '…', 24) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?",
            (m, k),
        ).fetchall()
        total = self.db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (m,)).fetchone()[0]
        return rows, total


# -- stock Whoosh --------------------------------------------------------------------------------------------------
class StockWhoosh:
    name = "stock Whoosh (StandardAnalyzer, OR group, BM25F)"

    def __init__(self, folder: str | None = None):
        from whoosh import fields, index
        from whoosh.analysis import StandardAnalyzer

        self.folder = folder or tempfile.mkdtemp(prefix="bench-stock-")
        self.analyzer = StandardAnalyzer()
        schema = fields.Schema(
            uid=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=self.analyzer, stored=True),
            content=fields.TEXT(analyzer=self.analyzer, stored=True),
        )
        self.ix = index.create_in(self.folder, schema)
        self.searcher = None

    def build(self, units, limitmb=256):
        w = self.ix.writer(limitmb=limitmb)
        for u in units:
            w.add_document(uid=u["id"], title=u.get("title") or "", content=u.get("text") or "")
        w.commit()
        self.searcher = self.ix.searcher()

    def query(self, text: str):
        from whoosh import query as wq

        words = list(dict.fromkeys(t.text for t in self.analyzer(text)))
        return wq.Or([wq.Term(f, w) for w in words for f in ("title", "content")])

    def ids(self, query: str, k: int = 10) -> list[str]:
        res = self.searcher.search(self.query(query), limit=k)
        return [h["uid"] for h in res]

    def run(self, query: str, k: int = 10):
        res = self.searcher.search(self.query(query), limit=k)
        for h in res:
            h.highlights("content")
        return res
