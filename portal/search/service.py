"""The search service: database objects to index documents, searches limited by the one visibility query,
rebuild from the database, and the database/index check.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.search import engine
from portal.search.jobs import enqueue, get_manager, pending_count  # noqa: F401  (enqueue re-exported)
from portal.search.objects import _iso, document_to_index, material_to_index  # noqa: F401  (re-exported)

BATCH = 200


def allowed_ids(user):
    """What ``user`` may see, for the engine: None (everything) or ``security``'s cached ``VisibleFilter``."""
    from portal.security import visible_filter

    return visible_filter(user)


def search_for_user(
    user,
    q: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = True,
    synonyms=None,
    **filters,
) -> dict:
    """Search as ``user``: hits, total, facets and snippets only over what the visibility queries allow.

    Hits carry their index id ("document:12"); the caller (web, API, CLI) turns it into a link.

    The result also carries ``suggestion`` (the query with diacritics restored, or None) and ``total_exact``.
    ``synonyms``: the office's current synonym lines (None: the shipped list). Filters: type, year, issuer, unit,
    task, kind. Raises ``engine.QueryRejected`` with a Vietnamese message.
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
        synonyms=synonyms,
    )
    return result


def more_like_this_for_user(user, index_id: str, limit: int = 5) -> list[dict]:
    """Similar documents the user may see."""
    return engine.more_like_this(get_manager(), index_id, allowed_ids(user), limit)


def autocomplete_for_user(user, prefix: str, limit: int = 8) -> list[dict]:
    """Title/number suggestions among documents the user may see."""
    return engine.autocomplete(get_manager(), prefix, allowed_ids(user), limit)


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


def index_meta() -> dict:
    """The live index generation's settings (its meta.json: analyzer version), or {} when there is no index yet."""
    manager = get_manager()
    if manager.current_generation() is None:
        return {}
    manager.open()
    return dict(manager.meta)


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

        while apply_pending(lock_timeout=5.0):
            pass
    return {"missing": missing, "stale": stale, "orphaned": orphaned, "pending": pending_count()}


def run_worker(poll_seconds: float = 5.0) -> None:
    """The ``flask search worker`` loop (see ``jobs.run_worker``)."""
    from portal.search.jobs import run_worker as loop

    loop(poll_seconds)
