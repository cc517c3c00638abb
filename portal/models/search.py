"""Index jobs: recorded in the same transaction as the change, applied by one writer after commit."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class IndexJob(db.Model):
    """A pending index update for a document or material."""

    __tablename__ = "index_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(10), default="upsert")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class DataVersion(db.Model):
    """A token that changes, in the same transaction, with every change to data that decides who may read what.

    The cached visible sets (security.visible_filter) are keyed by it; one row per name ("visibility").
    """

    __tablename__ = "data_versions"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
