"""The auth area of the site: sign-in, password, the second factor."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes, two_factor_routes  # noqa: E402,F401
from .guard import enforce_account_steps  # noqa: E402

bp.before_app_request(enforce_account_steps)
