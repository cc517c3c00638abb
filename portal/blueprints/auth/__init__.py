"""The auth area of the site: sign-in, password, the second factor."""

from . import routes, two_factor_routes  # noqa: F401
from .blueprint import bp  # noqa: F401
from .guard import enforce_account_steps

bp.before_app_request(enforce_account_steps)
