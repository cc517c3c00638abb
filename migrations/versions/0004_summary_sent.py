"""summary report: the version sent (sent_at, sent_by_id)

Revision ID: 0004_summary
Revises: 0005_speed
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_summary"
down_revision = "0007_extraction"  # re-chained at merge: after 0007_extraction
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("summary_reports") as batch:
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sent_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_summary_reports_sent_by_id_users", "users", ["sent_by_id"], ["id"])


def downgrade():
    with op.batch_alter_table("summary_reports") as batch:
        batch.drop_constraint("fk_summary_reports_sent_by_id_users", type_="foreignkey")
        batch.drop_column("sent_by_id")
        batch.drop_column("sent_at")
