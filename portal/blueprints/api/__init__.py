"""JSON API under /api/v1: Bearer-token or session auth, JSON errors, CSRF for cookie-authenticated writes."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import core, documents, materials, plan, reports, search  # noqa: E402,F401
