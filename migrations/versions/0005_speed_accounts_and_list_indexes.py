"""second factor, first sign-in password change, recovery codes; indexes for the document list's order

Revision ID: 0005_speed
Revises: 0008_synonyms
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_speed"
down_revision = "0008_synonyms"  # chained after main's head when merging main (written against 0001)
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch copy of the table): a batch recreation of `users` would DROP it, which SQLite refuses
    # with foreign keys on once documents and audit rows point at users.
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("users", sa.Column("totp_secret", sa.String(length=300), nullable=True))
    op.add_column("users", sa.Column("totp_enabled_at", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_codes_user_id"), ["user_id"], unique=False)
    op.create_index(
        "ix_documents_issued_sort",
        "documents",
        ["deleted_at", sa.text("coalesce(issued_on, '0001-01-01')"), "id"],
        unique=False,
    )
    op.create_index("ix_documents_created_order", "documents", ["deleted_at", "created_at", "id"], unique=False)
    op.create_index("ix_documents_updated_at", "documents", ["updated_at"], unique=False)


def downgrade():
    op.drop_index("ix_documents_updated_at", table_name="documents")
    op.drop_index("ix_documents_created_order", table_name="documents")
    op.drop_index("ix_documents_issued_sort", table_name="documents")
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_codes_user_id"))
    op.drop_table("recovery_codes")
    for column in ("totp_last_step", "totp_enabled_at", "totp_secret", "must_change_password"):
        op.drop_column("users", column)
