"""The materials area of the site: dissemination materials, confirmations and tracking."""

from flask import Blueprint

bp = Blueprint("materials", __name__)

from . import routes, tracking  # noqa: E402,F401
