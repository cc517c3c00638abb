"""Load test (loopback only, bounded in time; not part of `make test`).

Builds a portal in a temporary folder: migrations, the demo data, then demo data scaled to 10,000 small documents
(bulk rows + stored files, index rebuilt once). Starts gunicorn with the production config and a strong test key
(4 workers) plus the one `flask search worker`, then runs 20 simulated users over every role for 60 s: each signs in
through the login form and, over keep-alive HTTP connections, searches, lists and opens documents (including ids it
may not see, to probe IDOR), opens plan and report pages, and uploads when its role may. Records p50/p95/p99 per
endpoint and the error counts, and checks every document returned against `visible_document_ids` computed
in-process. Writes benchmarks/results/load.md.

    python benchmarks/load.py [--documents 10000] [--users 20] [--seconds 60] [--workers 4] [--keep DIR]
"""

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "production"))

from servers import STRONG_KEY, Server, free_port, site_env, start_worker, stop_process  # noqa: E402

DEMO_USERS = [
    "admin",
    "btv.tu",
    "giupviec.ha",
    "ubkt.son",
    "bithu.hcqt",
    "bithu.th",
    "bithu.kstt",
    "bithu.thcb",
    "dangvien.an",
    "dangvien.binh",
    "dangvien.cuong",
    "dangvien.dung",
    "dangvien.giang",
    "dangvien.hoa",
]
UPLOADERS = {"admin", "giupviec.ha", "bithu.hcqt", "bithu.th", "bithu.kstt", "bithu.thcb"}
QUERIES = [
    "cải cách hành chính",
    "chuyển đổi số",
    "nghị quyết",
    "kiểm tra giám sát",
    "dân vận",
    "thủ tục hành chính",
    "công tác cán bộ",
    "kế hoạch 2026",
    "chi bộ",
    "văn hóa công sở",
    "cai cach hanh chinh",
    "an ninh mạng",
    "báo cáo sơ kết",
    "đảng viên",
    "chỉ thị 05",
]
WORDS = (
    "cải cách hành chính chuyển đổi số nghị quyết chỉ thị kết luận kế hoạch công tác kiểm tra giám sát dân vận "
    "chính quyền thủ tục một cửa liên thông văn hóa công sở đảng viên chi bộ sinh hoạt học tập quán triệt an ninh "
    "mạng dữ liệu số hóa hồ sơ cán bộ tiết kiệm chống lãng phí phòng chống tham nhũng tiêu cực"
).split()
TYPES = ["nghi_quyet", "chi_thi", "ke_hoach", "bao_cao", "thong_bao", "cong_van", "huong_dan", "ket_luan"]


# --- preparing the data --------------------------------------------------------------------------------------------


def flask_cmd(env, *args):
    """Run a flask command of the portal under test."""
    subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "flask"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env, documents):
    """Migrations, demo data, then bulk documents up to `documents`, and one index rebuild."""
    fresh = not os.path.exists(env["PORTAL_DATABASE_URL"].replace("sqlite:///", "", 1))
    flask_cmd(env, "db", "upgrade")
    if fresh:  # a kept folder is reused as it is
        flask_cmd(env, "demo", "load")
    os.environ.update({k: v for k, v in env.items() if k.startswith("PORTAL_")})
    from portal import create_app

    app = create_app()
    with app.app_context():
        started = time.monotonic()
        added = bulk_documents(documents)
        inserted = time.monotonic() - started
        from portal.search import service

        started = time.monotonic()
        if added:
            service.rebuild_all()
        print(
            f"bulk: {added} documents in {inserted:.0f} s; index rebuilt in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def bulk_documents(target):
    """Add documents (rows + stored files) until there are `target`; returns how many were added."""
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Document, DocumentPage, DocumentUnit, DocumentVersion, Unit, User
    from portal.services import storage

    rng = random.Random(2026)
    have = db.session.scalar(select(func.count(Document.id)))
    branches = db.session.scalars(select(Unit.id).where(Unit.kind == "branch")).all()
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    scratch = tempfile.mkdtemp(prefix="bulk-")
    for n in range(have, target):
        body = f"Văn bản mẫu số {n}. " + _text(rng, 80)
        path = os.path.join(scratch, "doc.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body)
        stored = storage.store_file(path)
        visibility = rng.choices(["all", "units", "leadership"], [6, 3, 1])[0]
        owner = rng.choice(branches)
        doc = Document(
            title=f"{_text(rng, 6).capitalize()} ({n})",
            doc_type=rng.choice(TYPES),
            number=f"{n}-NQ/ĐU",
            issued_year=rng.choice([2024, 2025, 2026]),
            visibility=visibility,
            secrecy="mat" if rng.random() < 0.03 else "thuong",
            owner_unit_id=owner,
            created_by_id=admin.id,
        )
        if visibility == "units":
            doc.unit_rows = [DocumentUnit(unit_id=u) for u in set(rng.sample(branches, 2)) - {owner}]
        version = DocumentVersion(
            storage_name=stored.storage_name,
            original_name=f"van-ban-{n}.txt",
            kind="text",
            mime="text/plain",
            size=stored.size,
            sha256=stored.sha256,
            created_by_id=admin.id,
        )
        version.pages = [DocumentPage(page_no=1, text=body)]
        doc.versions = [version]
        db.session.add(doc)
        if n % 500 == 0:
            db.session.commit()
    db.session.commit()
    return max(0, target - have)


# --- the simulated users -------------------------------------------------------------------------------------------


class KeepAliveUser:
    """One simulated person: a keep-alive HTTP connection, the session cookie and the CSRF token."""

    def __init__(self, port, username, password, stats, seen):
        self.port, self.username, self.password = port, username, password
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie, self.csrf = "", ""
        self.stats, self.seen = stats, seen

    def call(self, label, method, path, body=None, headers=None):
        """One request: (status, body bytes); latency and status recorded under label."""
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    self.stats[label].append((time.perf_counter() - started, 599))
                    return 599, b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("portal_session="):
                self.cookie = value.split(";", 1)[0]
        self.stats[label].append((time.perf_counter() - started, response.status))
        match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', data)
        if match:
            self.csrf = match.group(1).decode()
        return response.status, data

    def login(self):
        self.call("GET /auth/login", "GET", "/auth/login")
        form = urllib.parse.urlencode({"csrf_token": self.csrf, "username": self.username, "password": self.password})
        status, _ = self.call(
            "POST /auth/login", "POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        self.call("GET /", "GET", "/")
        return status == 302

    def remember(self, ids):
        self.seen[self.username].update(ids)

    def search(self, rng):
        q = urllib.parse.quote(rng.choice(QUERIES))
        status, data = self.call("GET /api/v1/search", "GET", f"/api/v1/search?q={q}&limit=20")
        if status == 200:
            self.remember(
                int(str(h["id"]).split(":")[-1])
                for h in json.loads(data)["hits"]
                if str(h["id"]).split(":")[0] in ("document",) or str(h["id"]).isdigit()
            )

    def search_page(self, rng):
        self.call("GET /search/", "GET", "/search/?q=" + urllib.parse.quote(rng.choice(QUERIES)))

    def browse(self, rng):
        status, data = self.call(
            "GET /api/v1/documents", "GET", f"/api/v1/documents?limit=20&offset={rng.randrange(0, 200)}"
        )
        if status == 200:
            self.remember(item["id"] for item in json.loads(data)["items"])
        self.call("GET /documents/", "GET", f"/documents/?page={rng.randrange(1, 20)}")

    def open_document(self, rng, max_id):
        doc_id = rng.randrange(1, max_id)
        status, _ = self.call("GET /documents/<id>", "GET", f"/documents/{doc_id}")
        if status == 200:
            self.remember([doc_id])
        elif status == 404:
            self.seen[self.username + ":denied"].add(doc_id)

    def plan(self, rng):
        self.call("GET /plan/", "GET", "/plan/")
        self.call("GET /reports/", "GET", "/reports/")

    def upload(self, rng):
        boundary = uuid.uuid4().hex
        text = f"Báo cáo tải lên khi đo tải {uuid.uuid4().hex}: " + _text(rng, 60)
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-cao.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
        ).encode()
        self.call(
            "POST /api/v1/documents",
            "POST",
            "/api/v1/documents",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": self.csrf},
        )


def run_user(port, username, password, stats, seen, clock, max_id, seed):
    """Sign in, wait for everyone (the barrier), then loop until the shared clock's stop time."""
    rng = random.Random(seed)
    user = KeepAliveUser(port, username, password, stats, seen)
    signed_in = user.login()
    clock["barrier"].wait()
    if not signed_in:
        stats["login failed"].append((0, 0))
        return
    stop_at = clock["stop_at"]
    actions = [
        user.search,
        user.search,
        user.search_page,
        user.browse,
        lambda r: user.open_document(r, max_id),
        lambda r: user.open_document(r, max_id),
        user.plan,
    ]
    if username in UPLOADERS:
        actions.append(user.upload)
    while time.monotonic() < stop_at:
        rng.choice(actions)(rng)


# --- the run and the report ----------------------------------------------------------------------------------------


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def verify_visibility(env, seen):
    """Every id a user got back must be in visible_document_ids(user); every 404 must be outside it."""
    from sqlalchemy import select

    from portal import create_app
    from portal.extensions import db
    from portal.models import User
    from portal.security import visible_document_ids

    app = create_app()
    leaks, denied_ok, checked = [], 0, 0
    with app.app_context():
        for username in {k.split(":")[0] for k in seen}:
            user = db.session.scalar(select(User).where(User.username == username))
            visible = set(db.session.scalars(visible_document_ids(user)))
            returned = seen.get(username, set())
            checked += len(returned)
            leaks += [(username, i) for i in returned - visible]
            wrongly_denied = seen.get(username + ":denied", set()) & visible
            leaks += [(username, f"404 for visible {i}") for i in wrongly_denied]
            denied_ok += len(seen.get(username + ":denied", set()))
    return leaks, checked, denied_ok


def write_report(path, args, stats, seconds, leaks, checked, denied, documents, prepare_seconds):
    lines = [
        "# Load test",
        "",
        f"Loopback, gunicorn {args.workers} workers x 2 threads, production config, SQLite (WAL) with one `flask search "
        f"worker`; {documents} documents; {args.users} simulated users over all roles for {seconds:.0f} s "
        f"(keep-alive connections, each signed in through the login form before the clock starts; the sign-in rows "
        f"show those {args.users} concurrent logins at pbkdf2-sha256 600,000). Data prepared in {prepare_seconds:.0f} s. "
        f"Machine: {os.cpu_count()} cores. Command: `python benchmarks/load.py --documents {args.documents} "
        f"--users {args.users} --seconds {args.seconds} --workers {args.workers}`.",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms | 2xx/3xx | 4xx | 5xx |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total_5xx = 0
    for label in sorted(stats):
        rows = stats[label]
        times = [t * 1000 for t, _ in rows]
        ok = sum(1 for _, s in rows if s < 400)
        c4 = sum(1 for _, s in rows if 400 <= s < 500)
        c5 = sum(1 for _, s in rows if s >= 500)
        total_5xx += c5
        lines.append(
            f"| {label} | {len(rows)} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} | "
            f"{percentile(times, 99):.0f} | {ok} | {c4} | {c5} |"
        )
    requests = sum(len(v) for v in stats.values())
    lines += [
        "",
        f"Total {requests} requests, {requests / seconds:.1f} per second; 5xx: {total_5xx}.",
        f"Visibility: {checked} returned documents checked against `visible_document_ids` "
        f"(and {denied} 404 answers to probed ids checked to be really hidden): {len(leaks)} violations.",
        "",
    ]
    if leaks:
        lines.append("Violations: " + ", ".join(map(str, leaks[:20])))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return "\n".join(lines), total_5xx


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", help="folder to build in and keep (reused when it already holds a portal)")
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "load.md"))
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="portal-load-")
    os.makedirs(folder, exist_ok=True)
    env = site_env(
        f"sqlite:///{os.path.join(folder, 'portal.db')}",
        os.path.join(folder, "indexes"),
        os.path.join(folder, "uploads"),
        PORTAL_SEARCH_INLINE="0",
        PORTAL_SECRET_KEY=STRONG_KEY,
    )
    started = time.monotonic()
    prepare(env, args.documents)
    prepare_seconds = time.monotonic() - started
    from portal.demo import DEMO_PASSWORD

    server = Server(
        env, workers=args.workers, threads=2, port=free_port(), log_path=os.path.join(folder, "gunicorn.log")
    ).wait_ready(120)
    worker = start_worker(env, os.path.join(folder, "worker.log"))
    stats, seen = defaultdict(list), defaultdict(set)
    try:
        clock = {
            "barrier": threading.Barrier(
                args.users + 1,
                action=lambda: clock.update(stop_at=time.monotonic() + args.seconds, began=time.monotonic()),
            )
        }
        threads = [
            threading.Thread(
                target=run_user,
                args=(
                    server.port,
                    DEMO_USERS[n % len(DEMO_USERS)],
                    DEMO_PASSWORD,
                    stats,
                    seen,
                    clock,
                    args.documents + 50,
                    n,
                ),
            )
            for n in range(args.users)
        ]
        for thread in threads:
            thread.start()
        clock["barrier"].wait()
        began = clock["began"]
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - began
    finally:
        stop_process(worker)
        server.stop()
    leaks, checked, denied = verify_visibility(env, seen)
    text, total_5xx = write_report(
        args.out, args, stats, seconds, leaks, checked, denied, args.documents, prepare_seconds
    )
    print(text)
    return 1 if (total_5xx or leaks) else 0


if __name__ == "__main__":
    sys.exit(main())
