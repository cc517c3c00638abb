"""The search index's background work: index changes queued with the change, applied by one writer after commit.

``enqueue`` adds a job of kind ``search.index`` (``{"kind": "document"|"material", "id": n, "action": ...}``) to the
caller's session, so it commits with the change it describes. ``apply`` is the work of that kind: it builds the
documents from the database as it is now (so the action recorded matters less than the current state), writes them in
one Whoosh writer and one commit. The job mechanism (``portal.services.jobs``) runs it: serially (one writer at a time,
across every process), in batches, retried with back-off when the index is locked, and never lost: a crash between the
index commit and the job's deletion only applies the same change again (upserts are idempotent).

No Flask here: the caller passes the app (anything with ``config`` and ``extensions``) or the manager. For callers
that pass nothing, the app factory provides a finder (``configure``).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.jobs import Job, add_job
from portal.search.index import IndexManager

log = logging.getLogger(__name__)
JOB_KIND = "search.index"
KINDS = ("document", "material")
_hooks: dict[str, Callable | None] = {"app": None, "drain": None}


def configure(*, app_finder: Callable | None = None, drain: Callable | None = None) -> None:
    """Wire the defaults: ``app_finder()`` returns the app in use; ``drain(app, wait)`` runs due index jobs now."""
    if app_finder is not None:
        _hooks["app"] = app_finder
    if drain is not None:
        _hooks["drain"] = drain


def _app(app):
    if app is not None:
        return app
    if _hooks["app"] is None:
        raise RuntimeError("search.jobs: pass the app (no app finder configured)")
    return _hooks["app"]()


def enqueue(session, kind: str, object_id: int, action: str = "upsert") -> None:
    """Add an index job for ``kind``/``object_id`` to ``session``; the caller commits it with the change."""
    if kind not in KINDS or action not in ("upsert", "delete"):
        raise ValueError(f"unknown index job {kind}/{action}")
    add_job(session, JOB_KIND, {"kind": kind, "id": int(object_id), "action": action})


def get_manager(app=None) -> IndexManager:
    """The app's one ``IndexManager`` (one long-lived searcher per process), created on first use."""
    app = _app(app)
    manager = app.extensions.get("portal_search")
    if manager is None or manager.index_dir != os.path.abspath(app.config["INDEX_DIR"]):
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


def apply(manager: IndexManager, payloads: list[dict], lock_timeout: float = 10.0) -> int:
    """Write the index entries of these jobs' objects as they are now, in one writer; returns how many objects.

    Raises ``LockError`` when another writer holds the index past ``lock_timeout`` (the job is retried later).
    """
    wanted: dict[str, list[int]] = {k: [] for k in KINDS}
    for payload in payloads:
        ids = wanted.get(payload.get("kind"))
        if ids is not None and int(payload["id"]) not in ids:
            ids.append(int(payload["id"]))
    upserts, deletes = [], []
    with Session(db.engine) as session:
        for kind, ids in wanted.items():
            if ids:
                u, d = load_index_docs(session, kind, ids)
                upserts += u
                deletes += d
    # the read transaction is over before the (possibly slow) index write
    if upserts or deletes:
        manager.apply(upserts, deletes, timeout=lock_timeout)
    return len(upserts) + len(deletes)


def handle(payloads: list[dict], ctx) -> None:
    """The ``search.index`` job handler: apply a batch to the app's index."""
    apply(get_manager(ctx.app), payloads, lock_timeout=ctx.patience if ctx.patience is not None else 10.0)


def apply_pending(app=None, limit: int = 500, lock_timeout: float = 2.0) -> int:
    """Run the due index jobs now (through the job mechanism); returns how many ran, 0 when another writer is busy."""
    del limit  # batches are the kind's own size
    if _hooks["drain"] is None:
        raise RuntimeError("search.jobs: the index job kind is not registered (import portal.services.searching)")
    return _hooks["drain"](_app(app), lock_timeout)


def pending_count(session=None) -> int:
    """Index jobs not yet applied (pending or running; failed ones are counted by ``flask check``)."""
    query = select(func.count()).select_from(Job).where(Job.kind == JOB_KIND, Job.status != "failed")
    if session is not None:
        return session.scalar(query) or 0
    with Session(db.engine) as own:  # a fresh snapshot: the caller's session may hold an old read transaction
        return own.scalar(query) or 0


def run_worker(poll_seconds: float = 5.0, app=None, once: bool = False) -> None:
    """Apply index jobs forever, waiting ``poll_seconds`` when idle (kept for callers of the old worker loop)."""
    app = _app(app)
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
