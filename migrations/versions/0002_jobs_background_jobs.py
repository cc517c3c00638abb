"""background jobs: one jobs table (index, mail, scheduled notices, OCR) and serial-kind leases; index_jobs folded in

Revision ID: 0002_jobs
Revises: 0006_layers
Create Date: 2026-12-02 07:30:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002_jobs"
down_revision = "0006_layers"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("run_after", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=True),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_due", ["status", "run_after"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_dedupe_key"), ["dedupe_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_kind"), ["kind"], unique=False)
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    _move_index_jobs()
    with op.batch_alter_table("index_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_index_jobs_created_at"))
    op.drop_table("index_jobs")


def _move_index_jobs():
    """Pending index jobs become jobs of kind search.index (nothing queued before the upgrade is lost)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT kind, object_id, action, created_at FROM index_jobs ORDER BY id")).fetchall()
    jobs = sa.table(
        "jobs",
        sa.column("kind"),
        sa.column("payload", sa.JSON()),
        sa.column("status"),
        sa.column("run_after"),
        sa.column("attempts"),
        sa.column("created_at"),
        sa.column("updated_at"),
    )
    if rows:
        op.bulk_insert(
            jobs,
            [
                {
                    "kind": "search.index",
                    "payload": {"kind": kind, "id": object_id, "action": action},
                    "status": "pending",
                    "run_after": created_at,
                    "attempts": 0,
                    "created_at": created_at,
                    "updated_at": created_at,
                }
                for kind, object_id, action, created_at in rows
            ],
        )


def downgrade():
    op.create_table(
        "index_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_jobs")),
    )
    with op.batch_alter_table("index_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_index_jobs_created_at"), ["created_at"], unique=False)
    conn = op.get_bind()
    for payload, created_at in conn.execute(
        sa.text("SELECT payload, created_at FROM jobs WHERE kind = 'search.index' ORDER BY id")
    ).fetchall():
        data = json.loads(payload) if isinstance(payload, str) else payload
        conn.execute(
            sa.text(
                "INSERT INTO index_jobs (kind, object_id, action, created_at, attempts) VALUES (:k, :o, :a, :c, 0)"
            ),
            {"k": data["kind"], "o": data["id"], "a": data.get("action", "upsert"), "c": created_at},
        )
    op.drop_table("job_leases")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_kind"))
        batch_op.drop_index(batch_op.f("ix_jobs_dedupe_key"))
        batch_op.drop_index("ix_jobs_due")
    op.drop_table("jobs")
