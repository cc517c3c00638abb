"""The reports blueprint object, apart from its routes so that route modules import it without importing the package."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
