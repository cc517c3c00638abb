"""summary report: the version sent (sent_at, sent_by_id); a document's signing mark keeps the body it acts for

Revision ID: 0004_summary
Revises: 0005_speed
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_summary"
down_revision = "0005_speed"  # chained after what main holds (was 0001; the lead re-chains at merge)
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("summary_reports") as batch:
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sent_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_summary_reports_sent_by_id_users", "users", ["sent_by_id"], ["id"])
    with op.batch_alter_table("documents") as batch:  # "T/M BAN THƯỜNG VỤ", not only "T/M"
        batch.alter_column("signer_mark", existing_type=sa.String(20), type_=sa.String(120), existing_nullable=True)


def downgrade():
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("signer_mark", existing_type=sa.String(120), type_=sa.String(20), existing_nullable=True)
    with op.batch_alter_table("summary_reports") as batch:
        batch.drop_constraint("fk_summary_reports_sent_by_id_users", type_="foreignkey")
        batch.drop_column("sent_by_id")
        batch.drop_column("sent_at")
