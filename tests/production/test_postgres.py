"""Key flows on PostgreSQL (a throwaway cluster): upload -> search with visibility, reporting, backup/restore, concurrency.

The whole DB-facing suite also runs on PostgreSQL through `python tests/production/pg_cluster.py -- pytest ...`
(see docs/DEPLOYMENT.md and the Makefile's `test-postgres`); these tests make sure the essentials run even without it.
"""

import json
import os
import threading

import pytest
from sqlalchemy import select, text

from portal.extensions import db

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(pg_url, monkeypatch, request):
    """The shared `app` fixture, pointed at a fresh PostgreSQL database (migrated and seeded by it)."""
    monkeypatch.setenv("PORTAL_TEST_DATABASE_URL", pg_url)
    app = request.getfixturevalue("app")
    assert db.engine.dialect.name == "postgresql"
    return app


def test_app_runs_on_postgres_with_migrations(pg_app):
    from alembic.script import ScriptDirectory
    from flask import current_app

    heads = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config()).get_heads()
    assert db.session.scalar(text("SELECT version_num FROM alembic_version")) in heads
    assert db.session.scalar(text("SELECT count(*) FROM users")) == 8


def test_upload_then_search_respects_visibility(pg_app, upload, users):
    from portal.search.service import search_for_user
    from portal.security import can_see_document

    public = upload("Nghị quyết về chuyển đổi số trong cơ quan Đảng năm 2026")
    branch = upload("Biên bản sinh hoạt chi bộ hành chính quản trị tháng 3", user="secretary", visibility="units")
    leaders = upload("Thông báo chỉ lãnh đạo về nhân sự", visibility="leadership")
    ids = lambda user, q: {h["id"] for h in search_for_user(users[user], q)["hits"]}  # noqa: E731
    assert f"document:{public.id}" in ids("member_b", "chuyển đổi số")
    assert f"document:{branch.id}" in ids("member", "sinh hoạt chi bộ")
    assert f"document:{branch.id}" not in ids("member_b", "sinh hoạt chi bộ")
    assert f"document:{leaders.id}" in ids("leader", "nhân sự")
    assert f"document:{leaders.id}" not in ids("member", "nhân sự")
    assert not can_see_document(users["member_b"], branch.id)


def test_check_and_backup_roundtrip_on_postgres(pg_app, runner, upload, tmp_path):
    from portal.models import DocumentVersion

    upload("Kế hoạch cải cách hành chính giai đoạn 2026-2030")
    upload("Báo cáo chi bộ tổng hợp quý I", user="secretary_b", visibility="units")
    assert runner.invoke(args=["check", "--json"]).exit_code == 0
    before = {v.storage_name: v.sha256 for v in db.session.scalars(select(DocumentVersion))}
    target = tmp_path / "pg-backup.tar"
    created = runner.invoke(args=["backup", "create", str(target)])
    assert created.exit_code == 0, created.output
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    import shutil

    for key in ("UPLOAD_DIR", "INDEX_DIR"):
        shutil.rmtree(pg_app.config[key])
        os.makedirs(pg_app.config[key])
    pg_app.extensions.pop("portal_search", None)
    restored = runner.invoke(args=["backup", "restore", str(target), "--json"])
    assert restored.exit_code == 0, restored.output
    report = json.loads(runner.invoke(args=["check", "--json"]).output)
    assert report["problems"] == []
    assert {v.storage_name: v.sha256 for v in db.session.scalars(select(DocumentVersion))} == before


def test_reporting_transitions_on_postgres(pg_app, users):
    from datetime import date, timedelta

    from portal.services import reporting

    period = reporting.open_period(
        users["secretariat"],
        title="Báo cáo quý I/2026",
        kind="quy",
        deadline=date.today() + timedelta(days=10),
        unit_codes=["CB-A", "CB-B"],
    )
    period_id = period.id if hasattr(period, "id") else period
    slots = db.session.scalars(text("SELECT id FROM period_units WHERE period_id = :p").bindparams(p=period_id)).all()
    assert len(slots) == 2
    statuses = db.session.scalars(
        text("SELECT status FROM period_units WHERE period_id = :p").bindparams(p=period_id)
    ).all()
    assert set(statuses) == {"chua_nop"}


def test_concurrent_writers_on_postgres(pg_app):
    """Eight threads each writing audit events through begin_write(): no errors, every row there."""
    from portal.database import begin_write
    from portal.services import audit

    errors = []

    def work(n):
        with pg_app.app_context():
            try:
                for i in range(10):
                    begin_write()
                    audit.record("test.concurrent", summary=f"{n}-{i}", object_type="test", object_id=n)
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.session.scalar(text("SELECT count(*) FROM audit_events WHERE action = 'test.concurrent'")) == 80
