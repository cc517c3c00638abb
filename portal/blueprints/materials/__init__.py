"""The materials area of the site: dissemination materials, confirmations and tracking."""

from . import routes, tracking  # noqa: F401
from .blueprint import bp  # noqa: F401
