"""Fault tests: kill -9 during a bulk upload, the index lock held, a full disk, the database failing mid-upload,
and a malicious corpus through the real upload route while the portal keeps answering."""

import errno
import hashlib
import importlib.util
import io
import multiprocessing
import os
import subprocess
import threading
import time
from datetime import timedelta

import pytest
from servers import ROOT, HttpUser, Server, copy_template_db, site_env
from sqlalchemy import func, select
from support import index_jobs

from portal import clock
from portal.extensions import db
from portal.models import Document, DocumentPage, DocumentVersion
from portal.services import storage
from portal.services.ops import integrity

PASSWORD = "Mat-khau-thu-nghiem-2026"


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _open_site_app(db_url, index_dir, upload_dir):
    from portal import create_app

    return create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "INDEX_DIR": str(index_dir), "UPLOAD_DIR": str(upload_dir)}
    )


def _no_half_stored():
    """Documents without a version, and versions without pages (both must be zero)."""
    bare_docs = db.session.scalar(
        select(func.count(Document.id)).where(
            ~select(DocumentVersion.id).where(DocumentVersion.document_id == Document.id).exists()
        )
    )
    bare_versions = db.session.scalar(
        select(func.count(DocumentVersion.id)).where(
            ~select(DocumentPage.id).where(DocumentPage.version_id == DocumentVersion.id).exists()
        )
    )
    return bare_docs, bare_versions


# --- kill -9 during a bulk upload ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_during_bulk_upload_loses_nothing_acknowledged(tmp_path, migrated_db):
    db_url = copy_template_db(migrated_db, tmp_path / "portal.db")
    env = site_env(db_url, tmp_path / "indexes", tmp_path / "uploads")
    server = Server(env, workers=1, threads=2, log_path=tmp_path / "server.log").wait_ready()
    acknowledged, failures = {}, []

    def bulk():
        user = HttpUser(server.base, timeout=30)
        assert user.login("admin", PASSWORD)
        for n in range(200):
            content = f"Văn bản tải hàng loạt số {n}: công tác cải cách hành chính năm 2026.\n".encode() * 20
            try:
                status, body = user.upload(f"hang-loat-{n}.txt", content)
            except OSError as error:  # the server died under us
                failures.append(repr(error))
                return
            if status in (200, 201):
                acknowledged[body["id"]] = _sha(content)

    thread = threading.Thread(target=bulk)
    thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 8 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    time.sleep(0.13)  # land the kill in the middle of a request
    server.kill9()
    thread.join(timeout=60)
    assert len(acknowledged) >= 8 and failures, "the kill did not interrupt the bulk upload"
    app = _open_site_app(db_url, tmp_path / "indexes", tmp_path / "uploads")
    with app.app_context():
        for doc_id, sha in acknowledged.items():
            version = db.session.get(Document, doc_id).current_version
            assert version.sha256 == sha
            assert storage.sha256_of(storage.path_for(version.storage_name)) == sha
        assert _no_half_stored() == (0, 0)
        report = integrity.check(repair=True, grace_seconds=0)
        assert report["problems"] == [], report
        orphans = [p for p in report["repaired"] if p["code"] in ("file_orphaned", "file_temp")]
        print(
            f"\nkill -9: {len(acknowledged)} acknowledged uploads intact; {len(orphans)} orphaned/temp file(s) "
            f"quarantined; repaired {[p['code'] for p in report['repaired']]}"
        )
        db.session.remove()
        db.engine.dispose()


# --- the index lock held --------------------------------------------------------------------------------------------


def _hold_index_lock(index_dir, ready, release):
    """In another process: take the Whoosh writer lock through the search package and keep it until told."""
    from portal.search.index import IndexManager

    writer = IndexManager(index_dir).open().writer()
    ready.set()
    release.wait(60)
    writer.cancel()


@pytest.mark.slow
def test_uploads_succeed_while_the_index_lock_is_held(app, upload):
    from portal.models import User
    from portal.search.jobs import apply_pending
    from portal.search.service import search_for_user

    def admin():
        return db.session.scalar(select(User).where(User.username == "admin"))

    upload("Văn bản có trước khi khóa chỉ mục")
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    db.session.remove()
    holder = context.Process(target=_hold_index_lock, args=(app.config["INDEX_DIR"], ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        ids = [upload(f"Biên bản khóachỉmục số {n} về công tác dân vận").id for n in range(3)]
        elapsed = time.monotonic() - started
        assert len(index_jobs()) == 3
        assert search_for_user(admin(), "khóachỉmục")["total"] == 0
    finally:
        release.set()
        holder.join(30)
    with clock.frozen(clock.utcnow() + timedelta(minutes=1)):  # after the back-off of the failed attempts
        assert apply_pending(app) == 3
    hits = {h["id"] for h in search_for_user(admin(), "khóachỉmục")["hits"]}
    assert hits == {f"document:{i}" for i in ids}
    print(f"\nindex lock held: 3 uploads took {elapsed:.1f} s, stayed pending, searchable after release")


# --- a full disk ----------------------------------------------------------------------------------------------------


def _try_tmpfs(folder, size="2m"):
    """Mount a small tmpfs over folder (root only); True when it worked."""
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def test_full_disk_gives_a_clear_error_and_stores_nothing(app, login_as, client, monkeypatch, capsys):
    folder = app.config["UPLOAD_DIR"]
    real = _try_tmpfs(folder)
    if not real:
        with capsys.disabled():
            print("\nGhi chú: không gắn được tmpfs (cần root); giả lập ổ đầy bằng ENOSPC trong storage.")
    try:
        login_as("admin")
        first = b"Van ban truoc khi day o dia. " * 200
        answer = client.post(
            "/api/v1/documents", data={"file": (io.BytesIO(first), "truoc.txt")}, content_type="multipart/form-data"
        )
        assert answer.status_code == 201
        earlier_id = answer.json["id"]
        if not real:
            monkeypatch.setattr(storage, "_copy", _raise_enospc)
        big = ("Nội dung rất dài làm đầy ổ đĩa. " * 100_000).encode()  # about 3.5 MB > the 2 MB tmpfs
        response = client.post(
            "/api/v1/documents", data={"file": (io.BytesIO(big), "lon.txt")}, content_type="multipart/form-data"
        )
        message = response.json["error"]["message"]
        assert response.status_code in (413, 422, 507), response.status_code
        assert "dung lượng" in message
        assert db.session.scalar(select(func.count(Document.id))) == 1
        assert [name for name, _ in storage.iter_stored()] and not list(storage.iter_temp_files())
        version = db.session.get(Document, earlier_id).current_version
        assert storage.sha256_of(storage.path_for(version.storage_name)) == _sha(first)
        with capsys.disabled():
            print(f"\nổ đầy ({'tmpfs 2 MB' if real else 'ENOSPC giả lập'}): {response.status_code} «{message}»")
    finally:
        if real:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _raise_enospc(src_path, handle):
    raise OSError(errno.ENOSPC, "No space left on device")


# --- the database failing mid-upload --------------------------------------------------------------------------------


def test_database_failing_after_the_file_is_stored(app, login_as, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    login_as("admin")
    session = db.session()
    real_commit = type(session).commit
    calls = {"n": 0}

    def failing_commit(self):
        if stored and not calls["n"]:  # the first commit after the file reached the store
            calls["n"] += 1
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    stored = []
    real_store = storage.store_file
    monkeypatch.setattr(storage, "store_file", lambda path: stored.append(real_store(path)) or stored[-1])
    monkeypatch.setattr(type(session), "commit", failing_commit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO("Văn bản gặp lỗi CSDL".encode()), "loi.txt")},
        content_type="multipart/form-data",
    )
    monkeypatch.setattr(type(session), "commit", real_commit)
    assert stored and calls["n"] >= 1, "the failure was not injected after the file was stored"
    assert response.status_code >= 500 and response.is_json
    assert "chưa được lưu" in response.json["error"]["message"]
    db.session.remove()
    assert db.session.scalar(select(func.count(Document.id))) == 0
    assert not os.path.exists(stored[0].path)
    assert list(storage.iter_stored()) == []


# --- a malicious corpus ---------------------------------------------------------------------------------------------


def _make_files_module():
    spec = importlib.util.spec_from_file_location(
        "extraction_make_files", os.path.join(ROOT, "tests", "extraction", "_make_files.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _malicious_corpus(folder):
    """name -> bytes: DOCX zip bomb, billion laughs, circular xref PDF, huge Flate stream, Markdown, invalid UTF-8."""
    make = _make_files_module()
    base = make.docx_file(folder / "base.docx")
    corpus = {
        "bom-zip.docx": make.docx_bomb(folder / "bomb.docx", base, size=200 << 20),
        "billion-laughs.docx": make.replace_in_zip(
            base, folder / "laughs.docx", "word/document.xml", make.BILLION_LAUGHS
        ),
        "xref-vong.pdf": make.circular_pdf(folder / "circular.pdf"),
        "flate-khong-lo.pdf": make.flate_bomb_pdf(folder / "flate.pdf"),
    }
    files = {name: open(path, "rb").read() for name, path in corpus.items()}
    files["backtick.md"] = "".join("`" * i + "a" for i in range(1, 250)).encode() + b"\n" + b"*_" * 8000
    files["utf8-hong.txt"] = b"Van ban \xff\xfe\xc3\x28 \xa0\xa1 " * 2000 + "Đảng ủy".encode("utf-16")
    return files


@pytest.mark.slow
def test_malicious_corpus_is_contained_while_the_portal_keeps_serving(tmp_path, migrated_db):
    db_url = copy_template_db(migrated_db, tmp_path / "portal.db")
    env = site_env(
        db_url, tmp_path / "indexes", tmp_path / "uploads", PORTAL_EXTRACT_TIMEOUT="15", PORTAL_EXTRACT_MEMORY_MB="512"
    )
    corpus = _malicious_corpus(tmp_path)
    server = Server(env, workers=2, threads=4, log_path=tmp_path / "server.log").wait_ready()
    health, stop = [], threading.Event()

    def poll():
        probe = HttpUser(server.base, timeout=10)
        while not stop.is_set():
            started = time.monotonic()
            status = probe.request("GET", "/healthz")[0]
            health.append((status, time.monotonic() - started))
            time.sleep(0.2)

    poller = threading.Thread(target=poll)
    poller.start()
    results = {}
    try:
        user = HttpUser(server.base, timeout=90)
        assert user.login("admin", PASSWORD)
        for name, data in corpus.items():
            started = time.monotonic()
            status, body = user.upload(name, data)
            results[name] = (status, time.monotonic() - started, (body or {}).get("error", {}).get("message", ""))
    finally:
        stop.set()
        poller.join(15)
        server.stop()
    report = "\n".join(f"  {n}: {s} in {t:.1f} s {m}" for n, (s, t, m) in results.items())
    print(f"\nmalicious corpus:\n{report}\n  healthz: {len(health)} probes, max {max(t for _, t in health):.2f} s")
    for name, (status, seconds, message) in results.items():
        assert status < 500, f"{name}: {status}"
        assert seconds < 45, f"{name} took {seconds:.1f} s"
        if status >= 400:
            assert message and any(ch in message for ch in "ăâđêôơưáàảãạ"), f"{name}: {message!r}"
    assert health and all(status == 200 for status, _ in health)
    assert max(t for _, t in health) < 5
