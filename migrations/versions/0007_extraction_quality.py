"""extraction state and quality per version (unread files, OCR in the background, poor text), OCR confidence per page

Revision ID: 0007_extraction
Revises: 0008_synonyms
Create Date: 2026-12-02 08:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_extraction"
down_revision = "0005_speed"  # re-chained at merge: after 0005_speed
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extraction_status", sa.String(length=20), nullable=False, server_default="ok"))
        batch_op.add_column(sa.Column("unread_code", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("unread_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("ocr_pending", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("quality", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("text_poor", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("poor_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_document_versions_extraction_status"), ["extraction_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_versions_text_poor"), ["text_poor"], unique=False)
    with op.batch_alter_table("document_pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("document_pages", schema=None) as batch_op:
        batch_op.drop_column("ocr_confidence")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_text_poor"))
        batch_op.drop_index(batch_op.f("ix_document_versions_extraction_status"))
        for name in ("poor_reason", "text_poor", "quality", "ocr_pending", "unread_reason", "unread_code"):
            batch_op.drop_column(name)
        batch_op.drop_column("extraction_status")
