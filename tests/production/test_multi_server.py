"""Two gunicorn servers on two loopback ports share one database, UPLOAD_DIR and INDEX_DIR; one `flask search worker`
applies the index jobs: an upload through server A becomes searchable through server B, for the right users only."""

import time

import pytest
from servers import HttpUser, Server, copy_template_db, site_env, start_worker, stop_process

PASSWORD = "Mat-khau-thu-nghiem-2026"


def hit_ids(result):
    """Document ids of a search answer (hits carry "document:N" or N)."""
    ids = set()
    for hit in (result or {}).get("hits", []):
        raw = str(hit.get("id"))
        if raw.startswith("document:") or raw.isdigit():
            ids.add(int(raw.split(":")[-1]))
    return ids


def _seeded_postgres(url, tmp_path):
    """Migrate a PostgreSQL database and seed the test users (tests/support.py's seed)."""
    from flask_migrate import upgrade
    from support import seed

    from portal import create_app
    from portal.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "INDEX_DIR": str(tmp_path / "indexes"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade()
        seed(app)
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site(request, tmp_path, migrated_db):
    """A portal's shared state: a migrated, seeded database (SQLite file or PostgreSQL) and the two shared folders."""
    if request.param == "postgres":
        db_url = _seeded_postgres(request.getfixturevalue("pg_url"), tmp_path)
    else:
        db_url = copy_template_db(migrated_db, tmp_path / "portal.db")
    return site_env(db_url, tmp_path / "indexes", tmp_path / "uploads", PORTAL_SEARCH_INLINE="0")


def _wait_for_worker(db_url, timeout=45):
    """Wait until the index job queue is empty (the worker applied the upload).

    Searching before the first index commit would open a searcher on an empty index, which trips a search-package bug
    covered on its own by test_fresh_install.py; this test is about the shared deployment shape.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if not conn.execute(text("SELECT count(*) FROM jobs WHERE kind = 'search.index'")).scalar():
                    return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError("the worker left index jobs pending for 45 s")


@pytest.mark.slow
def test_upload_on_a_is_searchable_on_b_through_the_worker(site, tmp_path):
    servers = [Server(site, workers=1, log_path=tmp_path / f"server-{n}.log") for n in "ab"]
    worker = start_worker(site, log_path=tmp_path / "worker.log")
    try:
        a, b = (s.wait_ready() for s in servers)
        uploader = HttpUser(a.base)
        assert uploader.login("secretary", PASSWORD)
        status, body = uploader.upload(
            "Biên bản chi bộ.txt",
            "Biên bản sinh hoạt chi bộ về đề án quanhoptac2026 của Chi bộ Hành chính - Quản trị".encode(),
            visibility="units",
        )
        assert status == 201, body
        doc_id = body["id"]
        _wait_for_worker(site["PORTAL_DATABASE_URL"])
        reader, outsider, boss = HttpUser(b.base), HttpUser(b.base), HttpUser(b.base)
        assert (
            reader.login("member", PASSWORD) and outsider.login("member_b", PASSWORD) and boss.login("admin", PASSWORD)
        )
        deadline, found = time.monotonic() + 45, False
        while time.monotonic() < deadline and not found:
            found = doc_id in hit_ids(reader.get_json("/api/v1/search?q=quanhoptac2026")[1])
            time.sleep(0.3)
        assert found, "the worker did not make the upload searchable through server B within 45 s"
        assert doc_id in hit_ids(boss.get_json("/api/v1/search?q=quanhoptac2026")[1])
        assert doc_id not in hit_ids(outsider.get_json("/api/v1/search?q=quanhoptac2026")[1])
        assert outsider.get_json(f"/api/v1/documents/{doc_id}")[0] == 404
        assert reader.get_json(f"/api/v1/documents/{doc_id}")[0] == 200
    finally:
        stop_process(worker)
        for server in servers:
            server.stop()
