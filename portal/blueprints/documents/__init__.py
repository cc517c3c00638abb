"""The documents area of the site."""

from . import manage, routes  # noqa: F401
from .blueprint import bp  # noqa: F401
