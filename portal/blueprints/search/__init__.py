"""The search area of the site."""

from . import routes, synonyms  # noqa: F401
from .blueprint import bp  # noqa: F401
