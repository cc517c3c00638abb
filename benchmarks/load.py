"""Load test (loopback only, bounded in time; not part of `make test`).

Builds a portal in a folder (or reuses a kept one with `--keep`): migrations, the demo data, then demo data scaled to
`--documents` small documents (bulk rows + stored files, index rebuilt once) and `--members` extra member accounts.
Starts gunicorn with the production config (gunicorn.conf.py of the code under test; the second factor off, since
the simulated people sign in with a password) plus the one `flask search worker`, then runs one of two mixes:

- `--mix busy` (default): `--users` simulated people over every role with no think time, on keep-alive connections:
  search, list and open documents (including ids they may not see, to probe IDOR), plan and report pages, uploads
  when the role may;
- `--mix office`: the office at 08:00: `--members` people arrive over the first quarter of the run, sign in through
  the form, and visit (3-6 pages) with think time between visits; at most `--active` of them are active at once.

Records p50/p95/p99 per endpoint and errors; the CPU seconds of the gunicorn workers (web), their extraction children,
the index worker and the load generator, read from /proc, so CPU per request and the share of the 2 cores each took
are reported; checks every document returned against `visible_document_ids` computed in-process.

`--code DIR` serves another checkout (for old-versus-new on the same machine and day: `git worktree add /tmp/old
<commit>`): its portal, its gunicorn.conf.py and its tests/production/servers.py; the load generator stays this one.

    python benchmarks/load.py [--documents 10000] [--users 20] [--seconds 60] [--workers 4] [--keep DIR]
        [--mix busy|office] [--members 200] [--active 20] [--code DIR] [--out FILE] [--label TEXT]
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
CODE = os.path.abspath(os.environ.get("PORTAL_CODE") or ROOT)  # the checkout under test (see --code)
sys.path.insert(0, CODE)
sys.path.insert(0, os.path.join(CODE, "tests", "production"))

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
        cwd=CODE,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env, documents, members=0):
    """Migrations, demo data, then bulk documents up to `documents`, `members` extra accounts, one index rebuild."""
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
        bulk_members(members)
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


MEMBER = "dv.thu{:03d}"


def bulk_members(count):
    """`count` member accounts dv.thu000... spread over the branches, with the demo password (hashed once)."""
    from sqlalchemy import select

    from portal.demo import DEMO_PASSWORD
    from portal.extensions import db
    from portal.models import Unit, User, UserRole
    from portal.services.accounts import hash_password

    have = set(db.session.scalars(select(User.username).where(User.username.like("dv.thu%"))))
    branches = db.session.scalars(select(Unit.id).where(Unit.kind == "branch")).all()
    hashed = hash_password(DEMO_PASSWORD)
    for n in range(count):
        name = MEMBER.format(n)
        if name not in have:
            user = User(username=name, full_name=f"Đảng viên thử {n}", password_hash=hashed)
            user.unit_id = branches[n % len(branches)]
            user.role_rows = [UserRole(role="member")]
            db.session.add(user)
    db.session.commit()


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


def run_member(port, username, password, stats, seen, clock, max_id, seed, active):
    """The office mix: arrive, sign in, then visits of 3-6 pages with think time; `active` caps concurrent visitors."""
    rng = random.Random(seed)
    clock["barrier"].wait()
    stop_at = clock["stop_at"]
    time.sleep(rng.uniform(0, clock["arrival"]))
    user = KeepAliveUser(port, username, password, stats, seen)
    with active:
        signed_in = user.login()
    if not signed_in:
        stats["login failed"].append((0, 0))
        return
    actions = [user.search, user.search_page, user.browse, lambda r: user.open_document(r, max_id), user.plan]
    while time.monotonic() < stop_at:
        time.sleep(min(rng.expovariate(1 / clock["think"]), max(0.0, stop_at - time.monotonic())))
        if time.monotonic() >= stop_at:
            break
        with active:
            for _ in range(rng.randint(3, 6)):
                rng.choice(actions)(rng)
    user.conn.close()


# --- CPU accounting ----------------------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(own CPU s, waited-for children's CPU s) of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    return (int(fields[11]) + int(fields[12])) / TICK, (int(fields[13]) + int(fields[14])) / TICK


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def cpu_snapshot(server_pid, worker_pid):
    """CPU seconds so far: web workers, their extraction children, the index worker, this load generator."""
    web = children = 0.0
    for pid in _children(server_pid):
        own, waited = _stat(pid)
        web += own
        children += waited
    for pid in _children(server_pid):  # extraction children still running
        for child in _children(pid):
            children += _stat(child)[0]
    index_worker = sum(_stat(worker_pid))
    usage = os.times()
    return {"web": web, "extraction": children, "index worker": index_worker, "load generator": usage[0] + usage[1]}


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


def write_report(path, args, stats, seconds, leaks, checked, denied, documents, prepare_seconds, cpu):
    """Markdown: the run's shape, the per-endpoint table, throughput, CPU per request by process, visibility check."""
    if args.mix == "office":
        shape = (
            f"{args.members} members arriving over the first {args.seconds // 4} s, signing in through the form, then "
            f"visits of 3-6 pages with think time (mean {args.think:.0f} s), at most {args.active} active at once"
        )
    else:
        shape = f"{args.users} simulated users over all roles with no think time (keep-alive connections)"
    lines = [
        f"### {args.label or 'Load test'}",
        "",
        f"Loopback, gunicorn {args.workers} workers x 2 threads (the code's gunicorn.conf.py), production config, "
        f"SQLite (WAL) with one `flask search worker`; {documents} documents; {shape}; {seconds:.0f} s. "
        f"Code: `{os.path.relpath(CODE, ROOT) if CODE != ROOT else 'this checkout'}`. Data prepared in "
        f"{prepare_seconds:.0f} s. Machine: {os.cpu_count()} cores, shared by the servers, the index worker and the "
        f"load generator (and other work on the machine: see the CPU lines).",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms | 2xx/3xx | 4xx | 5xx | no answer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total_5xx = total_lost = 0
    for label in sorted(stats):
        rows = stats[label]
        times = [t * 1000 for t, _ in rows]
        ok = sum(1 for _, s in rows if s < 400)
        c4 = sum(1 for _, s in rows if 400 <= s < 500)
        c5 = sum(1 for _, s in rows if 500 <= s < 599)
        lost = sum(1 for _, s in rows if s == 599)  # the connection failed twice: no HTTP answer at all
        total_5xx += c5
        total_lost += lost
        lines.append(
            f"| {label} | {len(rows)} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} | "
            f"{percentile(times, 99):.0f} | {ok} | {c4} | {c5} | {lost} |"
        )
    requests = cpu.pop("requests")
    web = cpu["web"]
    lines += [
        "",
        f"Total {requests} requests in the timed window, {requests / seconds:.1f} per second (the table also counts "
        f"the busy mix's sign-ins before the clock); 5xx: {total_5xx}; requests with no answer: {total_lost}.",
        f"CPU over the run: web workers {web:.1f} s ({1000 * web / max(requests, 1):.1f} ms per request, "
        f"{web / seconds:.2f} cores), extraction children {cpu['extraction']:.1f} s, index worker "
        f"{cpu['index worker']:.1f} s, load generator {cpu['load generator']:.1f} s; all four "
        f"{sum(cpu.values()) / seconds:.2f} of {os.cpu_count()} cores.",
        f"Visibility: {checked} returned documents checked against `visible_document_ids` "
        f"(and {denied} 404 answers to probed ids checked to be really hidden): {len(leaks)} violations.",
        "",
    ]
    if leaks:
        lines.append("Violations: " + ", ".join(map(str, leaks[:20])))
    with open(path, "a" if args.append else "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return "\n".join(lines), total_5xx + total_lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", help="folder to build in and keep (reused when it already holds a portal)")
    parser.add_argument("--mix", choices=("busy", "office"), default="busy")
    parser.add_argument("--members", type=int, default=200, help="office mix: people who come in")
    parser.add_argument("--active", type=int, default=20, help="office mix: at most this many active at once")
    parser.add_argument("--think", type=float, default=20.0, help="office mix: mean seconds between visits")
    parser.add_argument("--code", help="serve this checkout instead of this one (old-versus-new runs)")
    parser.add_argument("--label", default="")
    parser.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "load.md"))
    args = parser.parse_args()
    if args.code and os.path.abspath(args.code) != CODE:  # re-run with the other checkout first on the path
        env = dict(os.environ, PORTAL_CODE=os.path.abspath(args.code))
        return subprocess.run([sys.executable, *sys.argv], env=env).returncode
    folder = args.keep or tempfile.mkdtemp(prefix="portal-load-")
    os.makedirs(folder, exist_ok=True)
    env = site_env(
        f"sqlite:///{os.path.join(folder, 'portal.db')}",
        os.path.join(folder, "indexes"),
        os.path.join(folder, "uploads"),
        PORTAL_SEARCH_INLINE="0",
        # The background jobs run in the one worker started below, as in a deployment with `flask worker`: the web
        # processes' CPU is then the requests' own (an upload still applies its own index change before answering).
        PORTAL_JOBS_INLINE="0",
        PORTAL_SECRET_KEY=STRONG_KEY,
        PORTAL_2FA_REQUIRED="0",
        PYTHONPATH=CODE,
    )
    started = time.monotonic()
    prepare(env, args.documents, args.members if args.mix == "office" else 0)
    prepare_seconds = time.monotonic() - started
    from portal.demo import DEMO_PASSWORD

    server = Server(
        env, workers=args.workers, threads=2, port=free_port(), log_path=os.path.join(folder, "gunicorn.log")
    ).wait_ready(180)
    worker = start_worker(env, os.path.join(folder, "worker.log"))
    stats, seen = defaultdict(list), defaultdict(set)
    people = args.members if args.mix == "office" else args.users
    try:
        clock = {
            "arrival": args.seconds / 4,
            "think": args.think,
            "barrier": threading.Barrier(
                people + 1,
                action=lambda: clock.update(
                    stop_at=time.monotonic() + args.seconds,
                    began=time.monotonic(),
                    cpu=cpu_snapshot(server.proc.pid, worker.pid),
                    before=sum(len(rows) for rows in stats.values()),  # the busy mix's sign-ins, before the clock
                ),
            ),
        }
        if args.mix == "office":
            active = threading.BoundedSemaphore(args.active)
            threads = [
                threading.Thread(
                    target=run_member,
                    args=(
                        server.port,
                        MEMBER.format(n),
                        DEMO_PASSWORD,
                        stats,
                        seen,
                        clock,
                        args.documents + 50,
                        n,
                        active,
                    ),
                )
                for n in range(people)
            ]
        else:
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
                for n in range(people)
            ]
        for thread in threads:
            thread.start()
        clock["barrier"].wait()
        began = clock["began"]
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - began
        after = cpu_snapshot(server.proc.pid, worker.pid)
        cpu = {key: after[key] - clock["cpu"][key] for key in after}
        cpu["requests"] = sum(len(rows) for rows in stats.values()) - clock["before"]
    finally:
        stop_process(worker)
        server.stop()
    leaks, checked, denied = verify_visibility(env, seen)
    text, total_5xx = write_report(
        args.out, args, stats, seconds, leaks, checked, denied, args.documents, prepare_seconds, cpu
    )
    print(text)
    return 1 if (total_5xx or leaks) else 0


if __name__ == "__main__":
    sys.exit(main())
