"""notifications point at an object (kind + id); the web layer builds the link

Revision ID: 0006_layers
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_layers"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_kind", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("target_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("target_id")
        batch_op.drop_column("target_kind")
