"""JSON API under /api/v1: Bearer-token or session auth, JSON errors, CSRF for cookie-authenticated writes."""

from . import core, documents, materials, plan, reports, search  # noqa: F401
from .blueprint import bp  # noqa: F401
