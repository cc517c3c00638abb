"""Index jobs: recorded with the change, applied after commit by a single writer, never lost.

``enqueue`` adds an ``IndexJob`` to the caller's session (same transaction as the change). ``apply_pending`` reads the
pending jobs, builds the documents from the database as it is now (so the action recorded matters less than the
current state), writes them in one Whoosh writer and one commit, and only then deletes the applied job rows. A held
lock or a crash leaves the jobs pending (``attempts`` counted, ``last_error`` kept) for the next request or the worker.
"""

from __future__ import annotations

import logging
import time

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.search.index import IndexManager, LockError

log = logging.getLogger(__name__)
KINDS = ("document", "material")


def enqueue(session, kind: str, object_id: int, action: str = "upsert") -> None:
    """Add an index job for ``kind``/``object_id`` to ``session``; the caller commits it with the change."""
    from portal.models.search import IndexJob

    if kind not in KINDS or action not in ("upsert", "delete"):
        raise ValueError(f"unknown index job {kind}/{action}")
    session.add(IndexJob(kind=kind, object_id=int(object_id), action=action))


def get_manager(app=None) -> IndexManager:
    """The app's one ``IndexManager`` (one long-lived searcher per process), created on first use."""
    app = app or current_app._get_current_object()
    manager = app.extensions.get("portal_search")
    if manager is None or manager.index_dir != __import__("os").path.abspath(app.config["INDEX_DIR"]):
        manager = IndexManager(app.config["INDEX_DIR"])
        app.extensions["portal_search"] = manager
    return manager


def load_index_docs(session, kind: str, ids: list[int]) -> tuple[list[dict], list[str]]:
    """(upserts, deletes) for the objects of ``kind``: live ones as index dicts, missing or trashed ones as deletes."""
    from portal.models.documents import Document
    from portal.models.materials import Material
    from portal.search.objects import document_to_index, material_to_index

    model, convert = (Document, document_to_index) if kind == "document" else (Material, material_to_index)
    found = {o.id: o for o in session.scalars(select(model).where(model.id.in_(ids)))}
    upserts, deletes = [], []
    for object_id in ids:
        obj = found.get(object_id)
        if obj is None or obj.deleted_at is not None:
            deletes.append("%s:%d" % (kind, object_id))
        else:
            upserts.append(convert(obj))
    return upserts, deletes


def apply_pending(app_or_manager=None, limit: int = 500, lock_timeout: float = 2.0) -> int:
    """Apply up to ``limit`` pending jobs in one writer; returns how many jobs were applied (0 when the lock is held).

    Guarantees: the index commit happens before the job rows are deleted, so a crash in between only re-applies
    (upserts are idempotent); on ``LockError`` or any failure the jobs stay pending with ``attempts`` + 1.
    """
    from portal.models.search import IndexJob

    if isinstance(app_or_manager, IndexManager):
        manager, app = app_or_manager, current_app._get_current_object()
    else:
        app = app_or_manager or current_app._get_current_object()
        manager = get_manager(app)
    with app.app_context(), Session(db.engine) as session:
        jobs = list(session.scalars(select(IndexJob).order_by(IndexJob.id).limit(limit)))
        if not jobs:
            return 0
        job_ids = [j.id for j in jobs]
        wanted: dict[str, list[int]] = {k: [] for k in KINDS}
        for j in jobs:
            if j.kind in wanted and j.object_id not in wanted[j.kind]:
                wanted[j.kind].append(j.object_id)
        try:
            upserts, deletes = [], []
            for kind, ids in wanted.items():
                if ids:
                    u, d = load_index_docs(session, kind, ids)
                    upserts += u
                    deletes += d
            session.rollback()  # end the read transaction before the (possibly slow) index write
            manager.apply(upserts, deletes, timeout=lock_timeout)
        except BaseException as exc:
            session.rollback()
            session.execute(
                update(IndexJob)
                .where(IndexJob.id.in_(job_ids))
                .values(attempts=IndexJob.attempts + 1, last_error=(f"{type(exc).__name__}: {exc}")[:500])
            )
            session.commit()
            if isinstance(exc, LockError):
                log.info("index locked; %d jobs stay pending", len(job_ids))
                return 0
            raise
        session.execute(delete(IndexJob).where(IndexJob.id.in_(job_ids)))
        session.commit()
        return len(job_ids)


def pending_count(session=None) -> int:
    """Number of jobs waiting."""
    from sqlalchemy import func

    from portal.models.search import IndexJob

    if session is not None:
        return session.scalar(select(func.count()).select_from(IndexJob)) or 0
    with Session(db.engine) as own:  # a fresh snapshot: the caller's session may hold an old read transaction
        return own.scalar(select(func.count()).select_from(IndexJob)) or 0


def run_worker(poll_seconds: float = 5.0, app=None, once: bool = False) -> None:
    """Apply pending jobs forever (``flask search worker``), waiting ``poll_seconds`` when idle or locked."""
    app = app or current_app._get_current_object()
    while True:
        try:
            applied = apply_pending(app, lock_timeout=10.0)
        except Exception:  # noqa: BLE001 - logged, jobs stay pending, try again later
            log.exception("index worker: applying jobs failed")
            applied = 0
        if once:
            return
        if not applied:
            time.sleep(poll_seconds)
