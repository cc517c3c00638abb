"""The visibility data version: the key of the cached visible sets (security.visible_filter)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DataVersion(db.Model):
    """A token that changes, in the same transaction, with every change to data that decides who may read what.

    The cached visible sets (security.visible_filter) are keyed by it; one row per name ("visibility").
    """

    __tablename__ = "data_versions"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
