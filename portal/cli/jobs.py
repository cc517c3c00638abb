"""`flask jobs`: the background-job queue for operators: counts, failed jobs, retry."""

import click
from flask.cli import with_appcontext

from ..services import jobs
from .common import emit_json, run_service


@click.group("jobs")
def group():
    """Hàng đợi việc nền: tình trạng, việc thất bại, chạy lại."""


@group.command("status")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def status(as_json):
    """Số việc đang chờ, đang chạy, thất bại, và các việc thất bại."""
    failed = [
        {
            "id": job.id,
            "kind": job.kind,
            "label": jobs.label(job.kind),
            "attempts": job.attempts,
            "failed_at": job.failed_at.isoformat() if job.failed_at else None,
            "last_error": job.last_error,
        }
        for job in jobs.failed_jobs()
    ]
    report = {**jobs.counts(), "stuck": len(jobs.stuck_jobs()), "failed_jobs": failed}
    if as_json:
        emit_json(report)
        return
    click.echo(
        f"Đang chờ {report['pending']} (đến hạn {report['due']}), đang chạy {report['running']}, "
        f"quá hạn giữ việc {report['stuck']}, thất bại {report['failed']}."
    )
    for item in failed:
        click.echo(f"  #{item['id']} {item['label']} ({item['attempts']} lần): {(item['last_error'] or '')[:160]}")


@group.command("retry")
@click.argument("job_id", type=int)
@with_appcontext
def retry(job_id):
    """Chạy lại một việc thất bại (ghi nhật ký)."""
    run_service(jobs.retry, job_id, None)
    click.echo(f"Đã đưa việc #{job_id} trở lại hàng đợi.", err=True)
