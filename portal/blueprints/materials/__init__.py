"""The materials area of the site."""
from flask import Blueprint

bp = Blueprint("materials", __name__)

from . import routes  # noqa: E402,F401
