"""The jobs table as a queue: enqueue with the change, claim under a lease, finish, fail and retry.

Claiming is safe with several runners: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` lets each runner take rows
the others have not locked; on SQLite the claim runs in a ``BEGIN IMMEDIATE`` transaction, so claims queue for the one
write lock. Every claim, finish and failure is its own short transaction on its own session (never the caller's).
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.clock import utcnow
from portal.database import begin_write
from portal.errors import Conflict, NotFound
from portal.extensions import db
from portal.models.jobs import Job, JobLease, add_job
from portal.services import audit

from . import registry

ERROR_LIMIT = 4000
DIED = "Tiến trình chạy việc đã dừng giữa chừng (hết thời hạn giữ việc mà không báo kết quả)."


@dataclass(frozen=True)
class Claimed:
    """A claimed job, detached from any session: what a handler needs."""

    id: int
    kind: str
    payload: dict
    attempts: int


def runner_id(name: str = "") -> str:
    """A name unique to this process and thread: host:pid:thread:random."""
    suffix = uuid.uuid4().hex[:6]
    return f"{socket.gethostname()}:{os.getpid()}:{name or threading.current_thread().name}:{suffix}"[:120]


def _dead_here(owner: str | None) -> bool:
    """True when ``owner`` names a process of this host that no longer exists (its lease need not be waited out)."""
    host, _, rest = (owner or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _release_dead_here(session, now, kinds=None) -> None:
    """Expire at once the leases of running jobs whose runner was a process of this host that has died."""
    query = select(Job).where(
        Job.status == "running", Job.locked_until >= now, Job.locked_by.like(socket.gethostname() + ":%")
    )
    if kinds is not None:
        query = query.where(Job.kind.in_(list(kinds)))
    for job in session.scalars(query):
        if _dead_here(job.locked_by):
            job.locked_until = now - timedelta(seconds=1)
    session.flush()


def _write_session() -> Session:
    """A fresh session whose first statement begins a write transaction (BEGIN IMMEDIATE on SQLite)."""
    session = Session(db.engine, expire_on_commit=False)
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={"sqlite_immediate": True})
    return session


# --- writing jobs (in the caller's transaction) -------------------------------------------------------------------


def enqueue(
    kind: str, payload: dict | None = None, *, run_after: datetime | None = None, dedupe_key: str | None = None
):
    """Add a job of a registered ``kind`` to the current session; it commits (or rolls back) with the caller's change."""
    if not registry.known(kind):
        raise ValueError(f"unknown job kind {kind!r}")
    return add_job(db.session, kind, payload or {}, run_after=run_after, dedupe_key=dedupe_key)


def cancel(kind: str, dedupe_key: str) -> int:
    """Delete the waiting jobs of ``kind`` with this key (in the caller's transaction); returns how many."""
    result = db.session.execute(
        delete(Job)
        .where(Job.kind == kind, Job.dedupe_key == dedupe_key, Job.status == "pending")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def reschedule(kind: str, dedupe_key: str, run_after: datetime) -> int:
    """Move the waiting jobs of ``kind`` with this key to ``run_after`` (caller's transaction); returns how many."""
    result = db.session.execute(
        update(Job)
        .where(Job.kind == kind, Job.dedupe_key == dedupe_key, Job.status == "pending")
        .values(run_after=run_after, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# --- claiming and finishing (own transactions) --------------------------------------------------------------------


def _claimable(kinds, now):
    """Due pending jobs of these kinds, and running ones whose runner's lease has run out."""
    return select(Job).where(
        Job.kind.in_(list(kinds)),
        or_(
            (Job.status == "pending") & (Job.run_after <= now),
            (Job.status == "running") & (Job.locked_until < now),
        ),
    )


def claim(kinds, owner: str, limit: int = 1) -> list[Claimed]:
    """Claim up to ``limit`` due jobs of ``kinds`` for ``owner``; each gets a lease and one more attempt.

    A job whose runner died on its last allowed attempt is not run again: it is marked failed, with the reason. A runner
    is known dead when its lease has passed, or at once when it was a process of this host that no longer exists.
    """
    kinds = list(kinds)
    if not kinds:
        return []
    now = utcnow()
    with _write_session() as session:
        _release_dead_here(session, now, kinds)
        rows = session.scalars(
            _claimable(kinds, now).order_by(Job.run_after, Job.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        claimed = []
        for job in rows:
            spec = registry.get(job.kind)
            if job.status == "running" and job.attempts >= spec.max_attempts:
                _mark_failed(job, DIED, now)
                continue
            if job.status == "running":
                job.last_error = DIED
            job.status, job.locked_by = "running", owner
            job.locked_until = now + timedelta(seconds=spec.lease)
            job.attempts += 1
            job.updated_at = now
            claimed.append(Claimed(job.id, job.kind, dict(job.payload or {}), job.attempts))
        session.commit()
        return claimed


def due_count(kinds) -> int:
    """How many jobs of ``kinds`` a runner could claim now (a read, before asking for the write lock or a lease)."""
    kinds = list(kinds)
    with Session(db.engine) as session:
        count = session.scalar(_claimable(kinds, utcnow()).with_only_columns(func.count())) or 0
        if count:
            return count
        owners = session.scalars(
            select(Job.locked_by).where(
                Job.kind.in_(kinds), Job.status == "running", Job.locked_by.like(socket.gethostname() + ":%")
            )
        )
        return sum(1 for owner in owners if _dead_here(owner))


def finish(job_ids, owner: str) -> None:
    """Done: delete the jobs this owner still holds (a job whose lease was lost belongs to its new runner)."""
    with _write_session() as session:
        session.execute(delete(Job).where(Job.id.in_(list(job_ids)), Job.locked_by == owner))
        session.commit()


def fail(job_ids, owner: str, error: str) -> None:
    """A failed attempt: back to pending after the kind's back-off, or failed after its last attempt."""
    now = utcnow()
    with _write_session() as session:
        for job in session.scalars(select(Job).where(Job.id.in_(list(job_ids)), Job.locked_by == owner)):
            spec = registry.get(job.kind)
            if job.attempts >= spec.max_attempts:
                _mark_failed(job, error, now)
            else:
                job.status, job.locked_by, job.locked_until = "pending", None, None
                job.run_after = now + timedelta(seconds=spec.delay(job.attempts))
                job.last_error, job.updated_at = error[:ERROR_LIMIT], now
        session.commit()


def _mark_failed(job, error, now):
    job.status, job.locked_by, job.locked_until = "failed", None, None
    job.last_error, job.failed_at, job.updated_at = (error or "")[:ERROR_LIMIT], now, now


def extend(job_ids, owner: str, seconds: float) -> None:
    """Renew the lease of jobs this owner holds (the runner's heartbeat while a handler runs)."""
    with _write_session() as session:
        session.execute(
            update(Job)
            .where(Job.id.in_(list(job_ids)), Job.locked_by == owner)
            .values(locked_until=utcnow() + timedelta(seconds=seconds))
        )
        session.commit()


def set_progress(job_id: int, done: int, total: int | None) -> None:
    """Record a running job's progress (e.g. OCR pages done out of total), shown to people while it runs."""
    with _write_session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(progress_done=done, progress_total=total))
        session.commit()


def save_payload(job_id: int, owner: str, payload: dict) -> None:
    """Replace a running job's payload (its checkpoint), if this owner still holds it."""
    with _write_session() as session:
        session.execute(
            update(Job).where(Job.id == job_id, Job.locked_by == owner).values(payload=payload, updated_at=utcnow())
        )
        session.commit()


def find(kind: str, dedupe_key: str) -> Job | None:
    """The job of ``kind`` with this key not yet done (waiting, running or failed), for showing its state or progress."""
    query = select(Job).where(Job.kind == kind, Job.dedupe_key == dedupe_key).order_by(Job.id.desc()).limit(1)
    return db.session.scalar(query)


# --- leases of serial kinds ---------------------------------------------------------------------------------------


def acquire_lease(name: str, owner: str, seconds: float) -> bool:
    """Take (or renew) the lease ``name`` for ``seconds`` unless another live owner holds it."""
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    with _write_session() as session:
        result = session.execute(
            update(JobLease)
            .where(
                JobLease.name == name,
                or_(JobLease.locked_by.is_(None), JobLease.locked_until < now, JobLease.locked_by == owner),
            )
            .values(locked_by=owner, locked_until=until)
        )
        if result.rowcount:
            session.commit()
            return True
        lease = session.get(JobLease, name)
        if lease is not None and _dead_here(lease.locked_by):  # its holder died on this host: no need to wait
            taken = session.execute(
                update(JobLease)
                .where(JobLease.name == name, JobLease.locked_by == lease.locked_by)
                .values(locked_by=owner, locked_until=until)
            )
            session.commit()
            return bool(taken.rowcount)
        if lease is not None:
            session.rollback()
            return False
        session.add(JobLease(name=name, locked_by=owner, locked_until=until))
        try:
            session.commit()
        except IntegrityError:  # another runner created it first
            session.rollback()
            return False
        return True


def release_lease(name: str, owner: str) -> None:
    """Give the lease back (only if this owner still holds it)."""
    with _write_session() as session:
        session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.locked_by == owner)
            .values(locked_by=None, locked_until=None)
        )
        session.commit()


# --- what administrators see and do -------------------------------------------------------------------------------


def failed_jobs(limit: int = 200) -> list[Job]:
    """Failed jobs, most recent first."""
    query = select(Job).where(Job.status == "failed").order_by(Job.failed_at.desc(), Job.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def stuck_jobs(grace_seconds: float = 0.0) -> list[Job]:
    """Running jobs whose runner died or hangs (lease run out, or a dead process of this host), not yet claimed again."""
    limit = utcnow() - timedelta(seconds=grace_seconds)
    running = db.session.scalars(select(Job).where(Job.status == "running").order_by(Job.id))
    return [job for job in running if job.locked_until is None or job.locked_until < limit or _dead_here(job.locked_by)]


def counts() -> dict:
    """{"pending": n, "running": n, "failed": n, "due": n} over every kind."""
    rows = dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    due = db.session.scalar(
        select(func.count()).select_from(Job).where(Job.status == "pending", Job.run_after <= utcnow())
    )
    return {
        "pending": rows.get("pending", 0),
        "running": rows.get("running", 0),
        "failed": rows.get("failed", 0),
        "due": due or 0,
    }


def counts_by_kind() -> list[dict]:
    """[{"kind", "label", "pending", "running", "failed", "next_run"}] for every kind with jobs, by label."""
    rows = db.session.execute(
        select(Job.kind, Job.status, func.count(), func.min(Job.run_after)).group_by(Job.kind, Job.status)
    ).all()
    out: dict[str, dict] = {}
    for kind, status, count, first in rows:
        item = out.setdefault(
            kind,
            {"kind": kind, "label": registry.label(kind), "pending": 0, "running": 0, "failed": 0, "next_run": None},
        )
        item[status] = count
        if status == "pending":
            item["next_run"] = first
    return sorted(out.values(), key=lambda item: item["label"])


def _failed_job_for_write(job_id, not_failed_message) -> Job:
    """The failed job `job_id` inside a write transaction; 404 when absent, 409 when it is not failed (any more)."""
    try:
        job_id = int(job_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy việc nền này.") from None
    begin_write()
    job = db.session.get(Job, job_id)
    if job is None:
        db.session.rollback()
        raise NotFound("Không tìm thấy việc nền này.")
    if job.status != "failed":
        db.session.rollback()
        raise Conflict(not_failed_message)
    return job


def retry(job_id, user) -> Job:
    """Put a failed job back in the queue now, with its attempts counted from zero; audited."""
    job = _failed_job_for_write(job_id, "Việc này không ở trạng thái thất bại (có thể đã được chạy lại).")
    before = {"status": job.status, "attempts": job.attempts, "last_error": job.last_error}
    job.status, job.attempts, job.run_after, job.failed_at = "pending", 0, utcnow(), None
    job.locked_by = job.locked_until = None
    audit.record(
        "job.retry",
        None,
        user=user,
        object_type="jobs",
        object_id=job.id,
        before=before,
        after={"status": "pending", "kind": job.kind},
        summary=f"Chạy lại việc nền #{job.id} ({registry.label(job.kind)})",
    )
    db.session.commit()
    return job


def discard(job_id, user) -> dict:
    """Delete a failed job for good (a message to an address that no longer exists); audited with what it was."""
    job = _failed_job_for_write(job_id, "Chỉ bỏ được việc đã thất bại.")
    kept = {"kind": job.kind, "payload": job.payload, "attempts": job.attempts, "last_error": job.last_error}
    audit.record(
        "job.discard",
        None,
        user=user,
        object_type="jobs",
        object_id=job.id,
        before=kept,
        summary=f"Bỏ việc nền thất bại #{job.id} ({registry.label(job.kind)})",
    )
    db.session.delete(job)
    db.session.commit()
    return kept
