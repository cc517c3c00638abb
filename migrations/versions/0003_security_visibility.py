"""who may read what: documents made as part of something else, the uploader's access, the visibility data version

Revision ID: 0003_security
Revises: 0002_jobs
Create Date: 2026-12-02 07:10:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003_security"
down_revision = "0002_jobs"  # re-chained after main's head at merge (written against "0001")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part_of", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("uploader_access", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("material_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_material_documents_document_id"), ["document_id"], unique=False)
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_document_id"), ["document_id"], unique=False)
    with op.batch_alter_table("target_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_values_evidence_document_id"), ["evidence_document_id"], unique=False
        )
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.execute(
        sa.text("INSERT INTO data_versions (name, token) VALUES ('visibility', :t)").bindparams(t=uuid.uuid4().hex)
    )
    # Documents made as part of something else, as far as the old data tells: material attachments uploaded through
    # the material (type "tài liệu"), report files, and evidence files uploaded with a report (owned by the reporting
    # unit, shared with no chosen unit). Existing documents merely referenced keep their own visibility.
    op.execute(
        "UPDATE documents SET part_of = 'material' WHERE doc_type = 'tai_lieu' AND id IN "
        "(SELECT document_id FROM material_documents WHERE is_attachment)"
    )
    op.execute("UPDATE documents SET part_of = 'report' WHERE id IN (SELECT document_id FROM submissions)")
    op.execute(
        "UPDATE documents SET part_of = 'evidence' WHERE part_of IS NULL AND visibility = 'units' "
        "AND id NOT IN (SELECT document_id FROM document_units) AND id IN "
        "(SELECT evidence_document_id FROM target_values WHERE target_values.unit_id = documents.owner_unit_id)"
    )


def downgrade():
    op.drop_table("data_versions")
    with op.batch_alter_table("target_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_values_evidence_document_id"))
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_document_id"))
    with op.batch_alter_table("material_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_documents_document_id"))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("uploader_access")
        batch_op.drop_column("part_of")
