"""The auth area of the site."""

from . import routes  # noqa: F401
from .blueprint import bp  # noqa: F401
