"""The search page: Vietnamese full-text search with filters, facets, sorting and pagination."""

from flask import render_template, request
from flask_login import current_user

from ...security import permission_required
from .blueprint import bp
from .view import run as search_view


@bp.get("/")
@permission_required("search.use")
def results():
    """Search results for ?q= with filters type/year/issuer/unit/task/kind, sort and page."""
    context = search_view(current_user, request.args)
    status = 400 if context.get("error") else 200
    return render_template("search/results.html", **context), status
