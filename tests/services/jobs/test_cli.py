"""`flask worker`, `flask search worker` and `flask jobs`: the commands operators run."""

import json

from portal.database import begin_write
from portal.extensions import db
from portal.services import jobs


def test_worker_once_runs_what_is_due_and_search_worker_only_the_index(app, kinds, runner, make_document, job_rows):
    seen = []
    kinds("test.echo", lambda payload, ctx: seen.append(payload["n"]))
    from portal.search import jobs as search_jobs

    document = make_document("Văn bản về chuyển đổi số trong cơ quan Đảng.")
    begin_write()
    search_jobs.enqueue(db.session, "document", document.id)
    jobs.enqueue("test.echo", {"n": 1})
    db.session.commit()
    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 0 and "Đã áp dụng 1 việc" in result.output
    assert seen == [] and [j["payload"] for j in job_rows("test.echo")] == [{"n": 1}]
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "Đã chạy 1 việc" in result.output and seen == [1]
    refused = runner.invoke(args=["worker", "--kind", "khong.co"])
    assert refused.exit_code != 0 and "không có loại việc" in refused.output


def test_jobs_status_lists_failed_jobs_and_retry_puts_one_back(app, kinds, runner, job_rows):
    def broken(payload, ctx):
        raise OSError("không kết nối được máy chủ thư")

    kinds("test.broken", broken, max_attempts=1)
    begin_write()
    jobs.enqueue("test.broken", {"to": "a@example.vn"})
    db.session.commit()
    jobs.drain(app, ["test.broken"])
    report = json.loads(runner.invoke(args=["jobs", "status", "--json"]).output)
    (failed,) = report["failed_jobs"]
    assert report["failed"] == 1 and failed["label"] == "Việc thử test.broken"
    assert "không kết nối được máy chủ thư" in failed["last_error"]
    text = runner.invoke(args=["jobs", "status"]).output
    assert "thất bại 1" in text and f"#{failed['id']}" in text
    assert runner.invoke(args=["jobs", "retry", str(failed["id"])]).exit_code == 0
    assert job_rows("test.broken")[0]["status"] == "pending"
    again = runner.invoke(args=["jobs", "retry", str(failed["id"])])
    assert again.exit_code == 1 and "không ở trạng thái thất bại" in again.output
