"""The search service: database objects to index documents, searches limited by the one visibility query,
rebuild from the database, and the database/index check.
"""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from portal.extensions import db
from portal.search import engine
from portal.search.jobs import enqueue, get_manager, pending_count  # noqa: F401  (enqueue re-exported)

BATCH = 200


def _iso(value):
    return value.isoformat() if value is not None else None


def document_to_index(doc) -> dict:
    """The index dict of a ``Document``: metadata, page texts of its current version, units and task codes."""
    from portal.models.plan import DocumentTaskLink, PlanTask

    version = doc.current_version
    pages = [p.text or "" for p in version.pages] if version else []
    units = {str(doc.owner_unit_id)} if doc.owner_unit_id else set()
    units |= {str(r.unit_id) for r in doc.unit_rows}
    session = db.session.object_session(doc) or db.session
    tasks = session.scalars(
        select(PlanTask.code)
        .join(DocumentTaskLink, DocumentTaskLink.task_id == PlanTask.id)
        .where(DocumentTaskLink.document_id == doc.id)
    ).all()
    return {
        "id": "document:%d" % doc.id,
        "kind": "document",
        "title": doc.title or doc.display_title,
        "number": doc.number or "",
        "doc_type": doc.doc_type or "",
        "issuer": doc.issuer or "",
        "year": doc.issued_year or (doc.issued_on.year if doc.issued_on else ""),
        "issued_on": doc.issued_on,
        "units": sorted(units),
        "tasks": sorted(set(tasks)),
        "pages": pages or [""],
        "updated_at": _iso(doc.updated_at),
    }


def material_to_index(m) -> dict:
    """The index dict of a ``Material`` (kind "material", its Markdown source as text)."""
    published = m.published_at.date() if m.published_at else None
    return {
        "id": "material:%d" % m.id,
        "kind": "material",
        "title": m.title or "",
        "number": "",
        "doc_type": "tai_lieu",
        "issuer": "",
        "year": published.year if published else "",
        "issued_on": published,
        "units": sorted(str(r.unit_id) for r in m.unit_rows),
        "tasks": sorted({r.task.code for r in m.task_rows if r.task is not None}),
        "pages": ["\n\n".join(x for x in (m.summary, m.body_md) if x)],
        "updated_at": _iso(m.updated_at),
    }


def allowed_ids(user):
    """What ``user`` may see, for the engine: None (everything) or ``security``'s cached ``VisibleFilter``."""
    from portal.security import visible_filter

    return visible_filter(user)


def url_of(index_id: str) -> str:
    kind, _, n = index_id.partition(":")
    endpoint = {"document": ("documents.detail", "document_id"), "material": ("materials.detail", "material_id")}
    name, arg = endpoint.get(kind, (None, None))
    try:
        return url_for(name, **{arg: int(n)})
    except (BuildError, TypeError, ValueError, RuntimeError):
        return f"/{kind}s/{n}"


def search_for_user(
    user, q: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance", facets: bool = True, **filters
) -> dict:
    """Search as ``user``: hits, total, facets and snippets only over what the visibility queries allow; adds ``url``.

    Filters: type, year, issuer, unit, task, kind. Raises ``engine.QueryRejected`` with a Vietnamese message.
    """
    result = engine.search(
        get_manager(),
        q,
        allowed=allowed_ids(user),
        filters=filters,
        sort=sort,
        limit=limit,
        offset=offset,
        facets=facets,
    )
    for hit in result["hits"]:
        hit["url"] = url_of(hit["id"])
    return result


def more_like_this_for_user(user, index_id: str, limit: int = 5) -> list[dict]:
    """Similar documents the user may see (with ``url``)."""
    hits = engine.more_like_this(get_manager(), index_id, allowed_ids(user), limit)
    for hit in hits:
        hit["url"] = url_of(hit["id"])
    return hits


def autocomplete_for_user(user, prefix: str, limit: int = 8) -> list[dict]:
    """Title/number suggestions among documents the user may see (with ``url``)."""
    items = engine.autocomplete(get_manager(), prefix, allowed_ids(user), limit)
    for item in items:
        item["url"] = url_of(item["id"])
    return items


def _iter_all_docs():
    from portal.models.documents import Document
    from portal.models.materials import Material

    for model, convert in ((Document, document_to_index), (Material, material_to_index)):
        ids = db.session.scalars(select(model.id).where(model.deleted_at.is_(None)).order_by(model.id)).all()
        for start in range(0, len(ids), BATCH):
            chunk = db.session.scalars(select(model).where(model.id.in_(ids[start : start + BATCH]))).all()
            for obj in chunk:
                yield convert(obj)
            for obj in chunk:
                db.session.expunge(obj)


def rebuild_all(progress=None) -> dict:
    """Rebuild the whole index from the database beside the live one, swap it in, then repair changes made meanwhile.

    Search keeps answering from the old generation until the swap.
    """
    manager = get_manager()
    generation = manager.rebuild(_iter_all_docs(), progress=progress)
    report = check(repair=True)
    return {"generation": generation, "documents": manager.searcher().doc_count(), "repaired": report}


def _db_state() -> dict:
    from portal.models.documents import Document
    from portal.models.materials import Material

    state = {}
    for kind, model in (("document", Document), ("material", Material)):
        for oid, updated in db.session.execute(select(model.id, model.updated_at).where(model.deleted_at.is_(None))):
            state["%s:%d" % (kind, oid)] = _iso(updated)
    return state


def check(repair: bool = False) -> dict:
    """Compare the database (ids + updated_at) with the index.

    Returns ``{"missing", "stale", "orphaned", "pending"}`` (index ids; pending = jobs waiting). With ``repair`` the
    differences are queued as jobs and applied at once (a held lock leaves them pending for the worker).
    """
    manager = get_manager()
    searcher = manager.searcher()
    cache = manager.cache(searcher)
    updated = cache.columns["updated_at"]
    in_index = {i: updated[d] or None for d, i in enumerate(cache.ids) if i is not None}
    in_db = _db_state()
    missing = sorted(i for i in in_db if i not in in_index)
    stale = sorted(i for i in in_db if i in in_index and in_index[i] != in_db[i])
    orphaned = sorted(i for i in in_index if i not in in_db)
    if repair and (missing or stale or orphaned):
        for index_id in missing + stale:
            kind, _, n = index_id.partition(":")
            enqueue(db.session, kind, int(n))
        for index_id in orphaned:
            kind, _, n = index_id.partition(":")
            enqueue(db.session, kind, int(n), "delete")
        db.session.commit()
        from portal.search.jobs import apply_pending

        while apply_pending(current_app._get_current_object(), lock_timeout=5.0):
            pass
    return {"missing": missing, "stale": stale, "orphaned": orphaned, "pending": pending_count()}


def run_worker(poll_seconds: float = 5.0) -> None:
    """The ``flask search worker`` loop (see ``jobs.run_worker``)."""
    from portal.search.jobs import run_worker as loop

    loop(poll_seconds)
