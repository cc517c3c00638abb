"""Background jobs on SQLite: how many jobs a second the queue moves, and how long a web upload takes to be searchable.

    .venv/bin/python -m benchmarks.jobs [--jobs 400]

Measures, on a fresh migrated SQLite file in a temporary folder: (1) no-op jobs run by one, two and four runner threads
(claim, heartbeat, finish: the mechanism's own cost); (2) the time from a web upload's request to the document being
found by the next search, with the index applied by the request itself (the default) and by the in-process runner.
"""

import argparse
import io
import tempfile
import threading
import time
from pathlib import Path


def _app(folder, **overrides):
    from config import TestingConfig
    from portal import create_app

    values = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
        "INDEX_DIR": str(folder / "indexes"),
        "UPLOAD_DIR": str(folder / "uploads"),
        **overrides,
    }
    return create_app(type("BenchConfig", (TestingConfig,), values))


def _setup(folder):
    from flask_migrate import upgrade

    from portal.services import accounts
    from portal.services.accounts import units

    app = _app(folder)
    with app.app_context():
        upgrade()
        units.create_unit("DUVP", "Đảng ủy Văn phòng UBND tỉnh", "office")
        accounts.create_user("admin", "Mat-khau-do-dai-2026", ["admin"], unit_code="DUVP", full_name="Quản trị")
    return app


def throughput(app, count, threads):
    from portal.database import begin_write
    from portal.extensions import db
    from portal.services import jobs

    jobs.register("bench.noop", lambda payload, ctx: None, label="Việc đo")
    with app.app_context():
        begin_write()
        for n in range(count):
            jobs.enqueue("bench.noop", {"n": n})
        db.session.commit()
    started = time.perf_counter()
    workers = [threading.Thread(target=jobs.drain, args=(app, ["bench.noop"])) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return count / (time.perf_counter() - started)


def upload_to_searchable(app, rounds):
    from portal.extensions import db

    client = app.test_client()
    client.get("/auth/login")
    page = client.get("/auth/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/auth/login", data={"username": "admin", "password": "Mat-khau-do-dai-2026", "csrf_token": token})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/documents/upload").get_data(as_text=True))
    timings = []
    for n in range(rounds):
        word = f"mavanban{n}x"
        body = f"Kế hoạch số {n} về {word} trong công tác cải cách hành chính.".encode()
        started = time.perf_counter()
        client.post(
            "/documents/upload",
            data={"file": (io.BytesIO(body), f"kh-{n}.txt"), "csrf_token": token.group(1)},
            content_type="multipart/form-data",
        )
        while word not in client.get(f"/search/?q={word}").get_data(as_text=True):
            time.sleep(0.02)
        timings.append(time.perf_counter() - started)
        with app.app_context():
            db.session.remove()
    timings.sort()
    return timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=400)
    parser.add_argument("--uploads", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = _setup(folder)
        for threads in (1, 2, 4):
            print(f"no-op jobs, {threads} runner thread(s): {throughput(app, args.jobs, threads):.0f} jobs/s")
        p50, p95 = upload_to_searchable(app, args.uploads)
        print(
            f"upload -> found by search, index applied by the request: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
        inline = _app(folder, JOBS_INLINE=True, SEARCH_APPLY_INLINE=False, JOBS_POLL_SECONDS=2.0)
        p50, p95 = upload_to_searchable(inline, args.uploads)
        print(
            f"upload -> found by search, index applied by the woken runner: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
        inline.extensions["portal_jobs"]["runner"].stop()


if __name__ == "__main__":
    main()
