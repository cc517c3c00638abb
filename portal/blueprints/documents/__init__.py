"""The documents area of the site."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from . import manage, routes  # noqa: E402,F401
