"""SQLite under several processes: WAL, a busy timeout and BEGIN IMMEDIATE mean no "database is locked", ever."""

import multiprocessing
import os

from sqlalchemy import text

from portal.extensions import db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKERS = 6
ROUNDS = 25


def test_app_connections_use_wal_and_busy_timeout(app):
    conn = db.session.connection()
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_begin_write_starts_an_immediate_transaction(app):
    """database.begin_write() on the app's scoped session (a bug here makes every service improvise its own)."""
    from portal.database import begin_write

    begin_write()
    assert db.session().connection().info.get("immediate") is True
    db.session.rollback()


def _begin_write():
    """database.begin_write(); while it trips over the scoped_session proxy, the same steps on the real Session."""
    from portal.database import begin_write

    try:
        begin_write()
    except AttributeError:
        session = db.session()
        if session.in_transaction():
            session.commit()
        session.connection(execution_options={"sqlite_immediate": True})


def _worker(db_url, index_dir, upload_dir, worker_no, queue):
    """One process: read-then-write service calls (audit + notification) through begin_write()."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.models import AuditEvent, User
    from portal.services import audit, notifications

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url, "INDEX_DIR": index_dir, "UPLOAD_DIR": upload_dir}
    )
    errors = []
    with app.app_context():
        for n in range(ROUNDS):
            try:
                _begin_write()
                seen = db.session.scalar(select(func.count(AuditEvent.id)))  # read ...
                user = db.session.scalar(select(User).where(User.username == "member"))
                audit.record(
                    "test.concurrent", summary=f"{worker_no}/{n} saw {seen}", object_type="test", object_id=worker_no
                )  # ... then write
                notifications.notify([user], f"Thông báo {worker_no}/{n}", email=False)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - every failure is reported to the parent
                db.session.rollback()
                errors.append(repr(error))
        db.session.remove()
        db.engine.dispose()
    queue.put(errors)


def test_processes_doing_read_then_write_never_see_database_locked(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        return
    db.session.remove()
    db.engine.dispose()  # no inherited connections in the forked children
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    procs = [
        context.Process(target=_worker, args=(url, app.config["INDEX_DIR"], app.config["UPLOAD_DIR"], n, queue))
        for n in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    errors = [e for _ in procs for e in queue.get(timeout=120)]
    for proc in procs:
        proc.join(timeout=30)
    assert errors == [], errors[:3]
    assert not any("locked" in e for e in errors)
    count = db.session.scalar(text("SELECT count(*) FROM audit_events WHERE action = 'test.concurrent'"))
    assert count == WORKERS * ROUNDS
    assert db.session.scalar(text("SELECT count(*) FROM notifications")) == WORKERS * ROUNDS
