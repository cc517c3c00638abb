"""The job queue: written with the change, claimed once, retried with back-off, failed and retried by an admin."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.database import begin_write
from portal.extensions import db
from portal.models import AuditEvent, Notification
from portal.services import jobs


def test_a_job_commits_with_its_change_and_vanishes_with_its_rollback(app, users, kinds, job_rows):
    kinds("test.echo", lambda payload, ctx: None)
    begin_write()
    db.session.add(Notification(user_id=users["member"].id, title="Có việc"))
    jobs.enqueue("test.echo", {"n": 1})
    db.session.rollback()
    assert job_rows("test.echo") == []
    begin_write()
    db.session.add(Notification(user_id=users["member"].id, title="Có việc"))
    jobs.enqueue("test.echo", {"n": 2})
    db.session.commit()
    assert [j["payload"] for j in job_rows("test.echo")] == [{"n": 2}]


def test_unknown_kinds_are_refused_at_enqueue(app):
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.enqueue("no.such.kind", {})


def test_a_due_job_runs_once_and_is_removed(app, kinds, job_rows):
    seen = []
    kinds("test.echo", lambda payload, ctx: seen.append((payload["n"], ctx.attempt)))
    begin_write()
    jobs.enqueue("test.echo", {"n": 7})
    db.session.commit()
    assert jobs.drain(app, ["test.echo"]) == 1
    assert seen == [(7, 1)] and job_rows("test.echo") == []
    assert jobs.drain(app, ["test.echo"]) == 0


def test_run_after_holds_a_job_until_its_time(app, kinds, job_rows):
    seen = []
    kinds("test.echo", lambda payload, ctx: seen.append(payload["n"]))
    later = clock.utcnow() + timedelta(hours=3)
    begin_write()
    jobs.enqueue("test.echo", {"n": 1}, run_after=later)
    db.session.commit()
    assert jobs.drain(app, ["test.echo"]) == 0 and seen == []
    with clock.frozen(later + timedelta(seconds=1)):
        assert jobs.drain(app, ["test.echo"]) == 1
    assert seen == [1]


def test_dedupe_key_keeps_one_waiting_job_with_the_latest_payload(app, kinds, job_rows):
    kinds("test.echo", lambda payload, ctx: None)
    for n in (1, 2, 3):
        begin_write()
        jobs.enqueue("test.echo", {"n": n}, dedupe_key="the-one")
        db.session.commit()
    assert [j["payload"] for j in job_rows("test.echo")] == [{"n": 3}]


def test_two_runners_never_run_the_same_job(app, kinds, job_rows):
    runs, guard = [], threading.Lock()

    def handler(payload, ctx):
        time.sleep(0.01)
        with guard:
            runs.append(payload["n"])

    kinds("test.parallel", handler)
    begin_write()
    for n in range(40):
        jobs.enqueue("test.parallel", {"n": n})
    db.session.commit()
    db.session.remove()
    threads = [threading.Thread(target=jobs.drain, args=(app, ["test.parallel"])) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(runs) == list(range(40))  # every job once, none twice
    assert job_rows("test.parallel") == []


def test_a_serial_kind_runs_on_one_runner_at_a_time_while_others_run_beside_it(app, kinds, job_rows):
    active, peak, guard = [0], [0], threading.Lock()
    release, general_done = threading.Event(), threading.Event()

    def serial(payloads, ctx):
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        release.wait(10)
        time.sleep(0.05)
        with guard:
            active[0] -= 1

    kinds("test.serial", serial, serial=True, batch=1)
    kinds("test.mail", lambda payload, ctx: general_done.set())
    begin_write()
    for n in range(4):
        jobs.enqueue("test.serial", {"n": n})
    db.session.commit()
    db.session.remove()
    threads = [threading.Thread(target=jobs.drain, args=(app, ["test.serial"]), kwargs={"wait": 5}) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the serial handler now holds its lease and waits
    with app.app_context():
        begin_write()
        jobs.enqueue("test.mail", {})
        db.session.commit()
    assert jobs.drain(app, ["test.mail"]) == 1 and general_done.is_set()  # not held up by the serial kind
    release.set()
    for thread in threads:
        thread.join(60)
    assert peak[0] == 1
    assert job_rows("test.serial") == []


def test_failures_back_off_exponentially_then_fail_and_an_admin_retries(app, kinds, job_rows, login_as, client):
    state = {"ok": False}

    def flaky(payload, ctx):
        if not state["ok"]:
            raise ConnectionError("máy chủ thư không trả lời")

    kinds("test.flaky", flaky, max_attempts=3, backoff=10.0)
    begin_write()
    jobs.enqueue("test.flaky", {"to": "a@example.vn"})
    db.session.commit()
    start = clock.utcnow()
    delays = []
    moment = start
    for attempt in (1, 2):
        with clock.frozen(moment):
            assert jobs.drain(app, ["test.flaky"]) == 0
        (row,) = job_rows("test.flaky")
        assert (row["status"], row["attempts"]) == ("pending", attempt)
        assert "ConnectionError: máy chủ thư không trả lời" in row["last_error"]
        delays.append((row["run_after"] - moment).total_seconds())
        with clock.frozen(moment + timedelta(seconds=delays[-1] - 1)):
            assert jobs.drain(app, ["test.flaky"]) == 0  # not yet due: no attempt
        assert job_rows("test.flaky")[0]["attempts"] == attempt
        moment += timedelta(seconds=delays[-1] + 1)
    assert delays == [10.0, 20.0]
    with clock.frozen(moment):
        jobs.drain(app, ["test.flaky"])
    (row,) = job_rows("test.flaky")
    assert (row["status"], row["attempts"]) == ("failed", 3) and "ConnectionError" in row["last_error"]
    with clock.frozen(moment + timedelta(days=1)):
        assert jobs.drain(app, ["test.flaky"]) == 0  # failed jobs wait for a person

    login_as("admin")
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "Việc thử test.flaky" in page and "máy chủ thư không trả lời" in page and "Thử lại" in page
    assert 'id="jobs-by-kind"' in page
    state["ok"] = True
    response = client.post(f"/admin/jobs/{row['id']}/retry", follow_redirects=True)
    assert "trở lại hàng đợi" in response.get_data(as_text=True)
    assert job_rows("test.flaky")[0]["status"] == "pending"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.retry"))
    assert event.username == "admin" and event.object_id == str(row["id"])
    assert jobs.drain(app, ["test.flaky"]) == 1 and job_rows("test.flaky") == []
    again = client.post(f"/admin/jobs/{row['id']}/retry", follow_redirects=True)
    assert "Không tìm thấy việc nền" in again.get_data(as_text=True)


def test_only_the_administrator_sees_and_retries_jobs(app, kinds, login_as, client):
    login_as("secretariat")
    assert client.get("/admin/jobs").status_code == 403
    assert client.post("/admin/jobs/1/retry").status_code == 403


def test_a_job_whose_runner_stopped_is_claimed_again_after_its_lease(app, kinds, job_rows, runner):
    seen = []
    kinds("test.lease", lambda payload, ctx: seen.append(ctx.attempt), lease=60.0)
    begin_write()
    jobs.enqueue("test.lease", {})
    db.session.commit()
    (claimed,) = jobs.claim(["test.lease"], "dead-runner")  # claimed, then its runner vanished
    assert jobs.drain(app, ["test.lease"]) == 0  # the lease still holds
    assert '"job_stuck"' not in runner.invoke(args=["check", "--json"]).output
    with clock.frozen(clock.utcnow() + timedelta(seconds=61)):
        report = runner.invoke(args=["check", "--json"]).output
        assert '"job_stuck"' in report and "dead-runner" in report
        assert jobs.drain(app, ["test.lease"]) == 1
    assert seen == [2] and job_rows("test.lease") == []
    jobs.finish([claimed.id], "dead-runner")  # the old runner coming back cannot touch a job it lost


def test_flask_check_reports_failed_jobs(app, kinds, runner):
    def broken(payload, ctx):
        raise ValueError("tệp không đọc được")

    kinds("test.broken", broken, max_attempts=1)
    begin_write()
    jobs.enqueue("test.broken", {})
    db.session.commit()
    jobs.drain(app, ["test.broken"])
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert "Việc thử test.broken" in result.output and "tệp không đọc được" in result.output


def test_a_long_job_shows_progress_and_resumes_from_its_checkpoint(app, kinds, job_rows):
    """The shape OCR will use: pages done are checkpointed; a failed run continues where it stopped."""
    done_pages, seen_progress = [], []

    def pages(payload, ctx):
        for page in range(payload.get("next", 1), payload["pages"] + 1):
            if page == 3 and ctx.attempt == 1:
                raise RuntimeError("tiến trình bị dừng ở trang 3")
            done_pages.append(page)
            ctx.progress(page, payload["pages"])
            seen_progress.append(_progress(job_rows))
            ctx.checkpoint({**payload, "next": page + 1})

    kinds("test.pages", pages, backoff=1.0)
    begin_write()
    jobs.enqueue("test.pages", {"pages": 5}, dedupe_key="document:7")
    db.session.commit()
    jobs.drain(app, ["test.pages"])
    assert done_pages == [1, 2] and seen_progress == [(1, 5), (2, 5)]
    waiting = jobs.find("test.pages", "document:7")
    assert waiting.payload == {"pages": 5, "next": 3} and (waiting.progress_done, waiting.progress_total) == (2, 5)
    with clock.frozen(clock.utcnow() + timedelta(seconds=5)):
        assert jobs.drain(app, ["test.pages"]) == 1
    assert done_pages == [1, 2, 3, 4, 5]  # pages 1 and 2 were not read twice
    db.session.rollback()
    assert jobs.find("test.pages", "document:7") is None


def _progress(job_rows):
    from portal.models import Job

    with db.engine.connect() as conn:
        row = conn.execute(select(Job.progress_done, Job.progress_total).where(Job.kind == "test.pages")).one()
    return tuple(row)


def test_an_admin_discards_a_failed_job_for_good(app, kinds, job_rows, login_as, client):
    def broken(payload, ctx):
        raise OSError("550 hộp thư không tồn tại")

    kinds("test.dead", broken, max_attempts=1)
    begin_write()
    jobs.enqueue("test.dead", {"to": "nghi.huu@example.vn"})
    db.session.commit()
    jobs.drain(app, ["test.dead"])
    (row,) = job_rows("test.dead")
    login_as("admin")
    response = client.post(f"/admin/jobs/{row['id']}/discard", follow_redirects=True)
    assert "Đã bỏ việc" in response.get_data(as_text=True)
    assert job_rows("test.dead") == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.discard"))
    assert event.before["payload"] == {"to": "nghi.huu@example.vn"} and "550" in event.before["last_error"]
