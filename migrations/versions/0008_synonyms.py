"""the office's synonym list, seeded with the entries shipped with the portal

Revision ID: 0008_synonyms
Revises: 0003_security
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008_synonyms"
down_revision = "0003_security"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "synonym_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    from portal.search.synonym_defaults import DEFAULT_LINES

    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"text": line.strip(), "created_at": now, "updated_at": now, "updated_by": None}
        for line in DEFAULT_LINES
        if line.strip() and not line.strip().startswith("#")
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade():
    op.drop_table("synonym_entries")
