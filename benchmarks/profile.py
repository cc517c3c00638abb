"""In-process profile: CPU milliseconds and SQL statements per request, per endpoint and role, and garbage-collection
pauses, on a kept load-test folder (issue 15's method).

The app runs in this process on the folder's database and index (development config, so sign-in needs no second
factor). Every (endpoint, role) pair is warmed once, then requested `--repeat` times with varied arguments (queries,
visible document ids, pages); CPU time is `time.process_time()` around the test client's call, so it includes
Flask, SQLAlchemy, Whoosh and Jinja but not a network. With `--freeze` (the default) the app is warmed up and its
heap frozen as gunicorn's post_worker_init does (`portal.warmup`); `--no-freeze` measures without it.

    python benchmarks/profile.py --folder /tmp/speed-data/new10000 --label "10k, new" [--repeat 15] [--out FILE]

Prints a markdown table: per endpoint the median over roles of each role's median CPU ms (mean over all requests in
brackets), SQL statements (median), and the full (generation 2) collections seen, their count and pause.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

ROLES = {
    "admin": "admin",
    "leadership": "btv.tu",
    "secretariat": "giupviec.ha",
    "inspector": "ubkt.son",
    "branch secretary": "bithu.hcqt",
    "member": "dangvien.an",
}
QUERIES = [
    "cải cách hành chính",
    "chuyển đổi số",
    "nghị quyết",
    "kiểm tra giám sát",
    "dân vận",
    "thủ tục hành chính",
    "công tác cán bộ",
    "chi bộ",
    "cai cach hanh chinh",
    "an ninh mạng",
    "đảng viên",
]
ENDPOINTS = [
    "GET /search/",
    "GET /api/v1/search",
    "GET /documents/<id>",
    "GET /documents/",
    "GET /api/v1/documents",
    "GET /plan/",
    "GET /",
]


def _path(endpoint, rng, visible_ids):
    q = urllib.parse.quote(rng.choice(QUERIES))
    return {
        "GET /search/": f"/search/?q={q}",
        "GET /api/v1/search": f"/api/v1/search?q={q}&limit=20",
        "GET /documents/<id>": f"/documents/{rng.choice(visible_ids)}",
        "GET /documents/": f"/documents/?page={rng.randrange(1, 20)}",
        "GET /api/v1/documents": f"/api/v1/documents?limit=20&offset={rng.randrange(0, 200)}",
        "GET /plan/": "/plan/",
        "GET /": "/",
    }[endpoint]


class GcWatch:
    """CPU durations of full (generation 2) collections, from gc.callbacks (thread CPU time: on a shared machine the
    wall time of a pause also counts the time other processes held the cores)."""

    def __init__(self):
        self.pauses = []
        self._started = None

    def __call__(self, phase, info):
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.thread_time()
        elif self._started is not None:
            self.pauses.append(time.thread_time() - self._started)
            self._started = None


def _sign_in(app, username, password):
    import re

    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"username": username, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed for {username}: {response.status_code}")
    return client


def run(folder, repeat, freeze, seed=2026):
    os.environ.update(
        PORTAL_DATABASE_URL=f"sqlite:///{folder}/portal.db",
        PORTAL_INDEX_DIR=f"{folder}/indexes",
        PORTAL_UPLOAD_DIR=f"{folder}/uploads",
        PORTAL_SEARCH_INLINE="0",
    )
    os.environ.pop("PORTAL_ENV", None)
    from sqlalchemy import event, func, select

    from portal import create_app
    from portal.demo import DEMO_PASSWORD
    from portal.extensions import db
    from portal.models import Document, User
    from portal.security import visible_document_ids

    app = create_app()
    rng = random.Random(seed)
    statements = [0]
    clients, visible = {}, {}
    with app.app_context():  # requests below run outside it, each in its own context, as under gunicorn
        documents = db.session.scalar(select(func.count(Document.id)))
        engine = db.engine
        for role, username in ROLES.items():
            user = db.session.scalar(select(User).where(User.username == username))
            visible[role] = list(db.session.scalars(visible_document_ids(user).limit(5000)))
        db.session.remove()
    for role, username in ROLES.items():
        clients[role] = _sign_in(app, username, DEMO_PASSWORD)

    def _count(*_args):
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", _count)
    for role, client in clients.items():  # warm every pair once: first-use caches are not what we measure
        for endpoint in ENDPOINTS:
            client.get(_path(endpoint, rng, visible[role]))
    if freeze:
        try:
            from portal.warmup import warm_up_and_freeze

            warm_up_and_freeze(app)
        except ImportError:  # older code: the same freeze by hand
            gc.collect()
            gc.freeze()
    watch = GcWatch()
    gc.callbacks.append(watch)
    cpu, sql, pauses_in = defaultdict(list), defaultdict(list), defaultdict(list)
    try:
        for _ in range(repeat):
            for endpoint in ENDPOINTS:
                for role, client in clients.items():
                    path = _path(endpoint, rng, visible[role])
                    before_pauses, statements[0] = len(watch.pauses), 0
                    started = time.process_time()
                    response = client.get(path)
                    elapsed = time.process_time() - started
                    if response.status_code >= 500:
                        raise SystemExit(f"{path} as {role}: {response.status_code}")
                    cpu[(endpoint, role)].append(elapsed * 1000)
                    sql[(endpoint, role)].append(statements[0])
                    pauses_in[endpoint].extend(p * 1000 for p in watch.pauses[before_pauses:])
    finally:
        gc.callbacks.remove(watch)
        event.remove(engine, "before_cursor_execute", _count)
    return documents, cpu, sql, pauses_in, watch.pauses


def table(label, documents, repeat, freeze, cpu, sql, pauses_in, pauses):
    lines = [
        f"### {label}: {documents} documents, {repeat} rounds x {len(ROLES)} roles, "
        f"heap {'frozen after warm-up' if freeze else 'not frozen'}",
        "",
        "| endpoint | CPU ms, median of roles (mean) | SQL statements | full GCs | GC CPU ms, total (max) |",
        "|---|---:|---:|---:|---:|",
    ]
    requests = 0
    for endpoint in ENDPOINTS:
        medians = [statistics.median(cpu[(endpoint, role)]) for role in ROLES]
        everything = [v for role in ROLES for v in cpu[(endpoint, role)]]
        requests += len(everything)
        statements = statistics.median([v for role in ROLES for v in sql[(endpoint, role)]])
        gcs = pauses_in.get(endpoint, [])
        lines.append(
            f"| {endpoint} | {statistics.median(medians):.1f} ({statistics.mean(everything):.1f}) | {statements:.0f} | "
            f"{len(gcs)} | {sum(gcs):.0f} ({max(gcs, default=0):.0f}) |"
        )
    all_cpu = [v for values in cpu.values() for v in values]
    lines += [
        "",
        f"{requests} requests, mean {statistics.mean(all_cpu):.1f} ms CPU; full collections: {len(pauses)} "
        f"({100 * len(pauses) / requests:.1f} % of requests), mean pause "
        f"{statistics.mean(pauses) * 1000 if pauses else 0:.1f} ms, max {max(pauses, default=0) * 1000:.1f} ms.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", required=True, help="a kept load-test folder (portal.db, indexes/, uploads/)")
    parser.add_argument("--label", default="")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-freeze", dest="freeze", action="store_false")
    parser.add_argument("--out", help="append the table to this markdown file")
    args = parser.parse_args()
    documents, cpu, sql, pauses_in, pauses = run(args.folder, args.repeat, args.freeze)
    text = table(args.label or args.folder, documents, args.repeat, args.freeze, cpu, sql, pauses_in, pauses)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
