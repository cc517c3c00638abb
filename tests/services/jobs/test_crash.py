"""A job survives the crash of its runner: a real `flask worker` process is killed (SIGKILL) in the middle of a send."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

from smtp_stub import SmtpStub

from portal import clock
from portal.extensions import db
from portal.services import jobs
from portal.services.jobs import queue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _worker(app, smtp_port, log):
    env = dict(
        os.environ,
        FLASK_APP="portal",
        PORTAL_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        PORTAL_INDEX_DIR=app.config["INDEX_DIR"],
        PORTAL_UPLOAD_DIR=app.config["UPLOAD_DIR"],
        PORTAL_SMTP_HOST="127.0.0.1",
        PORTAL_SMTP_PORT=str(smtp_port),
        PYTHONPATH=ROOT,
    )
    env.pop("PORTAL_ENV", None)
    env.pop("PORTAL_TEST_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "worker", "--kind", "mail", "--poll", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def test_a_mail_job_survives_its_worker_being_killed_mid_send(app, users, tmp_path):
    from portal.services import materials

    member = users["member"]
    member.email = "dang.vien@example.vn"
    db.session.commit()
    stub = SmtpStub(mode="hang")
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=stub.port, SMTP_USER=None)
    material = materials.save_material({"title": "Quán triệt Nghị quyết", "body_md": "Nội dung."}, users["secretariat"])
    materials.publish(material, users["secretariat"])
    db.session.remove()
    with open(tmp_path / "worker.log", "ab") as log:
        proc = _worker(app, stub.port, log)
        try:
            assert stub.connected.wait(90), (tmp_path / "worker.log").read_text()
            (running,) = [j for j in _mail_jobs() if j.status == "running"]
            assert f":{proc.pid}:" in running.locked_by and running.attempts == 1
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the runner dies in the middle of the SMTP conversation
            proc.wait(30)
    stub.mode = "ok"
    assert [j.status for j in jobs.stuck_jobs()] == ["running"]  # what `flask check` reports meanwhile
    # the dead worker was a process of this host, so its job is taken over at once (elsewhere: after its lease)
    assert jobs.drain(app, ["mail"]) == 1
    assert len(stub.messages) == 1 and "dang.vien@example.vn" in stub.messages[0]
    assert _mail_jobs() == []
    stub.close()


def _mail_jobs():
    from sqlalchemy import select

    from portal.models import Job

    db.session.rollback()
    return list(db.session.scalars(select(Job).where(Job.kind == "mail")))


def test_a_serial_lease_of_a_dead_process_of_this_host_is_taken_over_at_once(app):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead = queue.runner_id("x").replace(f":{os.getpid()}:", f":{child.pid}:")
    assert queue.acquire_lease("test.serial", dead, 120)
    assert queue.acquire_lease("test.serial", "runner-a", 30)  # no 120 s wait: that process is gone


def test_a_serial_lease_is_held_by_one_owner_until_released_or_expired(app):
    assert queue.acquire_lease("test.serial", "runner-a", 30)
    assert not queue.acquire_lease("test.serial", "runner-b", 30)
    assert queue.acquire_lease("test.serial", "runner-a", 30)  # renewal by its holder
    with clock.frozen(clock.utcnow() + timedelta(seconds=31)):
        assert queue.acquire_lease("test.serial", "runner-b", 30)  # runner-a stopped renewing: it died
    assert not queue.acquire_lease("test.serial", "runner-a", 30)
    queue.release_lease("test.serial", "runner-b")
    assert queue.acquire_lease("test.serial", "runner-a", 30)
