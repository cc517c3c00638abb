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


class SynonymEntry(db.Model):
    """One line of the office's synonym list ("VNeID = định danh điện tử"), applied to searches at query time."""

    __tablename__ = "synonym_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(80))
