"""API plumbing: JSON helpers, CSRF for cookie sessions, error answers, and /me."""

from flask import g, jsonify, request
from flask_login import current_user

from ...error_json import error_response  # noqa: F401  (the API's error shape; re-exported for route modules)
from ...extensions import csrf
from ...security import login_required
from .blueprint import bp

csrf.exempt(bp)


@bp.before_request
def _csrf_for_cookie_sessions():
    """A browser session writing through the API must carry the CSRF token; Bearer clients carry no cookies."""
    if request.method in ("GET", "HEAD", "OPTIONS") or g.get("api_token_auth"):
        return None
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    csrf.protect()
    return None


def page_args(default_limit=20, max_limit=100):
    """limit and offset from the query string, bounded."""
    try:
        limit = min(max(int(request.args.get("limit", default_limit)), 1), max_limit)
        offset = max(int(request.args.get("offset", 0)), 0)
    except ValueError:
        from ...errors import ValidationFailed

        raise ValidationFailed("Tham số limit/offset phải là số nguyên.") from None
    return limit, offset


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
