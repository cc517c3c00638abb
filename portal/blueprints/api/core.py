"""API plumbing: JSON helpers, CSRF for cookie sessions, error answers, and /me."""

from flask import jsonify, request
from flask_login import current_user

from ...error_json import error_response  # noqa: F401  (the API's error shape; re-exported for route modules)
from ...extensions import csrf
from ...security import login_required
from ...web import token_authenticated
from .blueprint import bp

csrf.exempt(bp)


@bp.before_request
def _csrf_for_cookie_sessions():
    """A browser session writing through the API must carry the CSRF token; Bearer clients carry no cookies."""
    if request.method in ("GET", "HEAD", "OPTIONS") or token_authenticated():
        return None
    if not current_user.is_authenticated:
        return None  # no session to ride on: the view answers 401 (a bad token included)
    csrf.protect()
    return None


def page_args(default_limit=20, max_limit=100):
    """limit and offset from the query string, bounded."""
    from ...errors import ValidationFailed
    from ...ids import bounded_int, offset_value

    for name in ("limit", "offset"):
        if request.args.get(name) not in (None, "") and bounded_int(request.args[name], None, -(10**9), 10**9) is None:
            raise ValidationFailed("Tham số limit/offset phải là số nguyên.")
    limit = bounded_int(request.args.get("limit"), default_limit, 1, max_limit)
    return limit, offset_value(request.args.get("offset"))


@bp.get("/me")
@login_required
def me():
    """Who the token or session belongs to."""
    user = current_user
    return jsonify(
        {
            "username": user.username,
            "full_name": user.full_name,
            "roles": user.roles,
            "unit": user.unit.code if user.unit else None,
        }
    )
