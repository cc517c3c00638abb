"""Background jobs: one table for every kind of work done after a commit (index, mail, scheduled notices, OCR).

A job row is written in the same transaction as the change that needs it, so a rolled-back change leaves no job and a
committed one always has its job. Runners claim due jobs under a lease (``locked_by``/``locked_until``); a runner
that dies leaves a lease that expires, and the job is claimed again. Finished jobs are deleted; failed ones stay, with
their last error, until someone retries them. ``JobLease`` rows serialise the kinds that must run one at a time.
"""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

JOB_STATUSES = {"pending": "Đang chờ", "running": "Đang chạy", "failed": "Thất bại"}


class Job(db.Model):
    """One unit of background work."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_due", "status", "run_after"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    dedupe_key: Mapped[str | None] = mapped_column(String(200), index=True)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    progress_done: Mapped[int | None]
    progress_total: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    failed_at: Mapped[datetime | None]


class JobLease(db.Model):
    """A named lease held by one runner at a time (one row per serial job kind)."""

    __tablename__ = "job_leases"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None]


def add_job(session, kind, payload, *, run_after=None, dedupe_key=None):
    """Add a job to ``session`` (committed with the caller's change); returns it.

    With ``dedupe_key``, a job of the same kind and key still waiting (pending, not claimed) is updated instead: its
    payload and ``run_after`` are replaced, so that a rescheduled notice or a repeated edit stays one job. The update
    is conditional on the row still being pending, so a job a runner has just claimed is never changed under it (a new
    job is added instead).
    """
    from sqlalchemy import select, update

    when = run_after or utcnow()
    if dedupe_key is not None:
        waiting = session.scalars(
            select(Job.id).where(Job.kind == kind, Job.dedupe_key == dedupe_key, Job.status == "pending")
        ).all()
        for job_id in waiting:
            result = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "pending")
                .values(payload=payload, run_after=when, updated_at=utcnow())
                .execution_options(synchronize_session="fetch")
            )
            if result.rowcount:
                return session.get(Job, job_id)
    job = Job(kind=kind, payload=payload, run_after=when, dedupe_key=dedupe_key, status="pending", attempts=0)
    session.add(job)
    return job
