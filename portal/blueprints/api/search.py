"""API: search and autocomplete, limited to what the caller may see."""

from flask import jsonify, request
from flask_login import current_user

from portal.services import searching

from ...security import permission_required
from ..links import with_urls
from .blueprint import bp


@bp.get("/search")
@permission_required("search.use")
def search():
    """GET /api/v1/search?q=&limit=&offset=&type=&year=&unit=&task=&sort= -> {"total", "hits", "facets"}."""
    q, filters, sort, limit, offset = searching.read_args(request.args)
    result = searching.search(current_user, q, filters, sort, limit, offset)
    with_urls(result["hits"])
    return jsonify(result)


@bp.get("/autocomplete")
@permission_required("search.use")
def autocomplete():
    """GET /api/v1/autocomplete?q= -> [{"id", "title", "number", "url"}] among visible documents."""
    return jsonify(with_urls(searching.autocomplete(current_user, request.args.get("q"), limit=8)))
