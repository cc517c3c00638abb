"""Mail leaves through a job after its transaction commits: never under the write lock, never for a rolled-back change."""

import email
import sqlite3
from datetime import timedelta

import pytest
from smtp_stub import SmtpStub
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Notification
from portal.services import jobs
from portal.services.notifications import notify


@pytest.fixture
def smtp(app):
    stub = SmtpStub()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=stub.port, SMTP_USER=None)
    yield stub
    stub.close()


@pytest.fixture
def member(users):
    user = users["member"]
    user.email = "dang.vien@example.vn"
    db.session.commit()
    return user


def _subjects(stub):
    return [
        str(email.header.make_header(email.header.decode_header(email.message_from_string(m)["Subject"])))
        for m in stub.messages
    ]


def test_mail_leaves_after_the_commit_through_the_runner(app, smtp, member, users):
    from portal.services import materials

    material = materials.save_material(
        {"title": "Quán triệt Chỉ thị 21-CT/TU", "body_md": "Nội dung quán triệt."}, users["secretariat"]
    )
    materials.publish(material, users["secretariat"])
    assert smtp.connections == 0  # the publication committed without waiting on the mail server
    assert db.session.scalar(select(Notification.id).where(Notification.user_id == member.id)) is not None
    assert jobs.drain(app, ["mail"]) >= 1
    assert _subjects(smtp) == ["Tài liệu cần nghiên cứu, quán triệt: Quán triệt Chỉ thị 21-CT/TU"]
    assert "dang.vien@example.vn" in smtp.messages[0]


def test_a_rolled_back_change_sends_nothing(app, smtp, member):
    from portal.database import begin_write

    begin_write()
    notify([member], "Thông báo sẽ bị hủy", "Nội dung")
    db.session.rollback()  # the commit failed
    assert jobs.drain(app, ["mail"]) == 0
    assert smtp.messages == [] and smtp.connections == 0
    assert db.session.scalar(select(Notification.id).where(Notification.title == "Thông báo sẽ bị hủy")) is None


def test_smtp_runs_outside_the_write_lock(app, smtp, member, users, monkeypatch):
    """While a message is being sent, another process can take SQLite's write lock at once."""
    import smtplib

    from portal.services import materials

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("SQLite only: PostgreSQL has no database-wide write lock")
    observed = []

    class CheckingSMTP(smtplib.SMTP):
        def __init__(self, *args, **kwargs):
            other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0.2, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                observed.append("free")
            except sqlite3.OperationalError as error:
                observed.append(str(error))
            finally:
                other.close()
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(smtplib, "SMTP", CheckingSMTP)
    material = materials.save_material({"title": "Khóa ghi", "body_md": "Nội dung."}, users["secretariat"])
    materials.publish(material, users["secretariat"])  # before the fix, SMTP ran here, inside the write transaction
    jobs.drain(app, ["mail"])
    assert observed == ["free"] and len(smtp.messages) == 1


def test_a_failing_server_retries_then_lists_the_failed_mail(app, member, login_as, client):
    from portal.database import begin_write

    stub = SmtpStub(mode="refuse")
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=stub.port, SMTP_USER=None)
    try:
        begin_write()
        notify([member], "Thư không gửi được", "Nội dung")
        db.session.commit()
        moment = clock.utcnow()
        for _ in range(6):  # the mail kind's attempts, each after its back-off
            with clock.frozen(moment):
                jobs.drain(app, ["mail"])
            moment += timedelta(hours=2)
        assert stub.connections == 6
        (failed,) = jobs.failed_jobs()
        assert failed.kind == "mail" and "554" in failed.last_error
        login_as("admin")
        page = client.get("/admin/jobs").get_data(as_text=True)
        assert "Gửi thư điện tử" in page and "554" in page
    finally:
        stub.close()
