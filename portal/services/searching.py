"""Search as a use case: read a request's arguments (web, API, CLI) into one permission-filtered search, label facets."""

from sqlalchemy import select

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import DOC_TYPES, Unit
from portal.search import jobs as search_jobs
from portal.services.accounts.units import unit_by_code

FILTERS = ("type", "year", "issuer", "unit", "task", "kind")
SORTS = {"relevance": "Liên quan nhất", "date_desc": "Mới nhất", "date_asc": "Cũ nhất"}
PER_PAGE = 20
FACET_LABELS = {
    "type": "Loại văn bản",
    "year": "Năm",
    "issuer": "Cơ quan ban hành",
    "unit": "Đơn vị",
    "task": "Nhiệm vụ",
}


def read_args(args, *, default_limit=PER_PAGE):
    """q, filters, sort, limit, offset from request-like args; bad values raise ValidationFailed."""
    q = (args.get("q") or "").strip()
    if len(q) > 1000:
        raise ValidationFailed("Câu tìm kiếm quá dài (tối đa 1.000 ký tự).")
    filters = {k: args.get(k).strip() for k in FILTERS if args.get(k)}
    if "unit" in filters and not filters["unit"].isdigit():
        unit = unit_by_code(filters["unit"])
        filters["unit"] = str(unit.id) if unit else "0"
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ValidationFailed("Cách sắp xếp không hợp lệ; dùng relevance, date_desc hoặc date_asc.")
    try:
        limit = min(max(int(args.get("limit", default_limit)), 1), 100)
        offset = max(int(args.get("offset", 0)), 0)
        page = max(int(args.get("page", 1)), 1)
    except (TypeError, ValueError):
        raise ValidationFailed("Tham số limit, offset hoặc page phải là số nguyên.") from None
    if args.get("page") and not args.get("offset"):
        offset = (page - 1) * limit
    return q, filters, sort, limit, offset


def search(user, q, filters, sort, limit, offset):
    """Run the search as `user`; a refused query raises ValidationFailed with the engine's Vietnamese message."""
    from portal.search.query import QueryRejected
    from portal.search.service import search_for_user
    from portal.services.synonyms import current_lines

    try:
        return search_for_user(user, q, limit=limit, offset=offset, sort=sort, synonyms=current_lines(), **filters)
    except QueryRejected as error:
        raise ValidationFailed(error.message, code="query_rejected") from None


def _task_words(codes):
    """code -> the task's words, shortened at a word boundary (latest plan first when codes repeat across plans)."""
    if not codes:
        return {}
    from portal.formatting import shorten
    from portal.models.plan import PlanTask

    rows = db.session.scalars(select(PlanTask).where(PlanTask.code.in_(codes)).order_by(PlanTask.plan_id))
    return {t.code: shorten(t.text, 60) for t in rows}


def similar_documents(user, document, limit=5):
    """Up to ``limit`` visible documents like this one, from the index (hits carry index ids; the web links them)."""
    from portal.search.service import more_like_this_for_user

    return more_like_this_for_user(user, f"document:{document.id}", limit=limit)


def facet_labels(facets):
    """Human labels for facet values: type codes, unit ids."""
    unit_ids = [int(v) for v in facets.get("unit", {}) if str(v).isdigit()]
    units = (
        {str(u.id): u.name for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))} if unit_ids else {}
    )
    tasks = _task_words([str(v) for v in facets.get("task", {})])
    labels = {}
    for key, values in facets.items():
        for value in values:
            if key == "type":
                labels[(key, value)] = DOC_TYPES.get(value, value)
            elif key == "unit":
                labels[(key, value)] = units.get(str(value), value)
            elif key == "task" and str(value) in tasks:
                labels[(key, value)] = f"{value} – {tasks[str(value)]}"
            else:
                labels[(key, value)] = str(value)
    return labels


def autocomplete(user, prefix, limit=8):
    """Title and number suggestions among what the user may see (at most 200 characters of prefix are read); syntax
    the search refuses (``**``, ``*cách``, ``c?i``) is a ValidationFailed (400)."""
    from portal.search.query import QueryRejected
    from portal.search.service import autocomplete_for_user

    try:
        return autocomplete_for_user(user, (prefix or "")[:200], limit=limit)
    except QueryRejected as error:
        raise ValidationFailed(error.message, code="query_rejected") from None


# --- the index's background work ---------------------------------------------------------------------------------


def apply_index(app, *, wait: float = 1.0) -> int:
    """Apply the queued index changes now (the one way to do it: the ``search.index`` job kind, run in this thread).

    Waits up to ``wait`` seconds when another runner is writing the index (it is applying them then). Used after a
    web request that changed documents (so that its author finds them at once), by the CLI, the demo loader and tests.
    """
    from portal.services import jobs

    return jobs.drain(app, [search_jobs.JOB_KIND], wait=wait)


def _register_index_kind():
    from portal.services import jobs

    jobs.register(
        search_jobs.JOB_KIND,
        search_jobs.handle,
        label="Cập nhật chỉ mục tìm kiếm",
        serial=True,
        batch=500,
        max_attempts=20,
        backoff=2.0,
        max_backoff=600.0,
        lease=120.0,
    )
    search_jobs.configure(drain=lambda app, wait: apply_index(app, wait=wait))


_register_index_kind()
