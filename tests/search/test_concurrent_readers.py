"""Readers never fail while another process imports documents (issue 15).

Eight reader threads share one ``IndexManager`` (as gunicorn's threads share a worker's searcher) and search without
pause while a separate process imports 500 documents in small commits (upserts of new documents, updates of old ones,
deletes), which makes Whoosh merge segments and delete their files under the readers. Every search, snippet, facet,
"more like this" and autocomplete must succeed, and the readers must see the import's documents as it goes.

Run as a script (``python tests/search/test_concurrent_readers.py --docs 8000``) for the benchmark-sized variant.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import traceback

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

SYLLABLES = (
    "cải cách hành chính đảng ủy ban nhân dân tỉnh huyện xã kế hoạch tuyên truyền chuyển đổi số thi đua khen thưởng "
    "kiểm tra giám sát kỷ luật đảng viên chi bộ nghị quyết chỉ thị quyết định công văn báo cáo tổng kết năm học tập "
    "làm theo tư tưởng đạo đức phong cách hồ chí minh an ninh quốc phòng đất đai thuế bảo hiểm xã hội lao động việc "
    "làm hôn nhân gia đình trách nhiệm hình sự hợp đồng quyền sử dụng tài sản công định danh điện tử một cửa tiếp "
    "nhận trả kết quả đường dương đương thể thế ủy hóa hoá"
).split()
QUERIES = [
    "cải cách hành chính",
    "đảng viên",
    "kế hoạch",
    "chuyen doi so",
    '"ủy ban nhân dân"',
    "thi đua khen thưởng năm",
    "12/KH-ĐU",
    "bao hiem xa hoi",
    "kiểm tra giám sát kỷ luật đảng viên chi bộ nghị quyết",
    "đất",
]


def make_doc(n: int, rnd: random.Random, version: int = 0) -> dict:
    words = [rnd.choice(SYLLABLES) for _ in range(rnd.randint(150, 400))]
    return {
        "id": "document:%d" % n,
        "kind": "document",
        "title": " ".join(rnd.choice(SYLLABLES) for _ in range(8)) + (" bản %d" % version if version else ""),
        "number": "%d/KH-ĐU" % n,
        "doc_type": rnd.choice(["Kế hoạch", "Nghị quyết", "Báo cáo"]),
        "year": str(2020 + n % 6),
        "units": ["unit:%d" % (n % 7)],
        "pages": [" ".join(words[i : i + 120]) for i in range(0, len(words), 120)],
    }


def writer_main(index_dir: str, first: int, count: int, batch: int, ready_file: str) -> None:
    """Import ``count`` new documents from number ``first`` in commits of about ``batch``, updating and deleting old
    ones on the way (the import stream of the test)."""
    from portal.search.index import IndexManager

    rnd = random.Random(first)
    manager = IndexManager(index_dir)
    manager.open()
    with open(ready_file, "w") as fh:
        fh.write("ready")
    n, done = first, 0
    while done < count:
        size = min(count - done, rnd.randint(max(1, batch // 2), batch * 2))
        upserts = [make_doc(n + i, rnd) for i in range(size)]
        upserts += [make_doc(rnd.randrange(1, first), rnd, version=n) for _ in range(2)]  # updates: deletes in old segs
        deletes = ["document:%d" % rnd.randrange(1, first)] if rnd.random() < 0.3 else []
        manager.apply(upserts, deletes, timeout=30)
        n += size
        done += size
    manager.close()


def run_readers(index_dir: str, threads: int, stop: threading.Event, errors: list, counts: list) -> list:
    from portal.search.engine import autocomplete, more_like_this, search
    from portal.search.index import IndexManager

    manager = IndexManager(index_dir)  # one per process, shared by the threads, as in a gunicorn worker

    def reader(k: int) -> None:
        rnd = random.Random(k)
        done = 0
        while not stop.is_set():
            q = rnd.choice(QUERIES)
            try:
                res = search(manager, q, allowed=None, limit=10, facets=True)
                if res["hits"] and rnd.random() < 0.2:
                    more_like_this(manager, res["hits"][0]["id"], allowed=None)
                if rnd.random() < 0.1:
                    autocomplete(manager, q[:6])
                done += 1
            except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
                errors.append("%s: %s\n%s" % (type(exc).__name__, exc, traceback.format_exc(limit=6)))
        counts.append(done)

    workers = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(threads)]
    for w in workers:
        w.start()
    return workers + [manager]


def reader_process_main(index_dir: str, threads: int, stop_file: str) -> None:
    """A reader process (like one gunicorn worker with ``threads`` threads): search until ``stop_file`` exists, then
    print the tally as JSON."""
    import json

    stop, errors, counts = threading.Event(), [], []
    *workers, manager = run_readers(index_dir, threads, stop, errors, counts)
    while not os.path.exists(stop_file):
        time.sleep(0.2)
    stop.set()
    for w in workers:
        w.join(timeout=60)
    print(json.dumps({"searches": sum(counts), "errors": errors[:5], "n_errors": len(errors)}))


def import_while_reading(
    index_dir: str, base_docs: int, import_docs: int, threads: int = 8, batch: int = 10, procs: int = 0
) -> dict:
    """Build ``base_docs``, start ``threads`` readers (in this process, or ``threads`` in each of ``procs`` reader
    processes), import ``import_docs`` in another process; return the tally."""
    import json

    from portal.search.index import IndexManager

    rnd = random.Random(1)
    m = IndexManager(index_dir)
    m.rebuild(make_doc(n, rnd) for n in range(1, base_docs + 1))
    m.close()
    stop, errors, counts = threading.Event(), [], []
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    stop_file = os.path.join(os.path.dirname(index_dir), "readers-stop")
    readers = [
        subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--reader", index_dir, str(threads), stop_file],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(procs)
    ]
    *workers, manager = run_readers(index_dir, 0 if procs else threads, stop, errors, counts)
    ready = os.path.join(os.path.dirname(index_dir), "writer-ready")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            os.path.abspath(__file__),
            "--writer",
            index_dir,
            str(base_docs + 1),
            str(import_docs),
            str(batch),
            ready,
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        rc = proc.wait(timeout=900)
    finally:
        if proc.poll() is None:
            proc.kill()
        seconds = time.perf_counter() - t0
        time.sleep(0.5)  # a last round of searches on the final generation
        stop.set()
        for w in workers:
            w.join(timeout=60)
        with open(stop_file, "w") as fh:
            fh.write("stop")
        for r in readers:
            out, _ = r.communicate(timeout=120)
            tally = json.loads(out.strip().splitlines()[-1])
            counts.append(tally["searches"])
            errors.extend(tally["errors"] + [""] * (tally["n_errors"] - len(tally["errors"])))
    final = manager.searcher().doc_count()
    manager.close()
    return {"rc": rc, "errors": errors, "searches": sum(counts), "seconds": seconds, "final_docs": final}


@pytest.mark.slow
def test_eight_readers_never_fail_during_an_import_of_500_documents(tmp_path):
    tally = import_while_reading(str(tmp_path / "index"), base_docs=1500, import_docs=500, threads=8)
    assert tally["rc"] == 0
    assert tally["searches"] > 100, tally
    assert tally["final_docs"] >= 1500 + 500 - 200  # the readers' manager followed the import to its end
    assert not tally["errors"], "%d of %d searches failed; first:\n%s" % (
        len(tally["errors"]),
        tally["searches"] + len(tally["errors"]),
        tally["errors"][0],
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--reader":
        reader_process_main(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "--writer":
        writer_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
        sys.exit(0)
    import argparse
    import tempfile

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--docs", type=int, default=8000, help="documents imported while reading")
    p.add_argument("--base", type=int, default=1500)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--batch", type=int, default=10)
    p.add_argument(
        "--procs", type=int, default=0, help="reader processes, each with --threads threads (0: threads here)"
    )
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = import_while_reading(os.path.join(tmp, "index"), a.base, a.docs, a.threads, a.batch, a.procs)
    print(
        "imported %d in %.1fs with %s readers: %d searches, %d errors, final %d docs"
        % (
            a.docs,
            t["seconds"],
            "%d processes x %d threads" % (a.procs, a.threads) if a.procs else "%d threads" % a.threads,
            t["searches"],
            len(t["errors"]),
            t["final_docs"],
        )
    )
    for e in t["errors"][:5]:
        print(e)
