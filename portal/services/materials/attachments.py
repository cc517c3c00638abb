"""Files attached to a material: uploaded through the document service; the audience decides who sees them.

The upload and the attachment are one transaction (``upload_document(within=...)``): a failure after the file is
stored leaves no document, no file and no attachment row.
"""

from sqlalchemy import select

from portal.database import begin_write
from portal.extensions import db
from portal.models import MaterialDocument
from portal.services import audit

from .common import enqueue_index, require_manager


def attach_file(material, path, original_name, user):
    """Upload a file through the document service and attach it to the material (audience decides its visibility)."""
    from portal.services import documents as documents_service

    require_manager(user)
    codes = () if material.audience_all else tuple(r.unit.code for r in material.unit_rows)
    result = documents_service.upload_document(
        path,
        original_name,
        user=user,
        metadata={"title": material.title},
        doc_type="tai_lieu",
        visibility="all" if material.audience_all else "units",
        unit_codes=codes,
        part_of="material",  # its visibility comes from the material(s) it belongs to (security.document_clause)
        within=lambda document: _attach(material, document, original_name, user),
    )
    if result.status == "duplicate":  # nothing was written: the attachment is this use case's one transaction
        begin_write()
        _attach(material, result.document, original_name, user)
        db.session.commit()
    return result.document


def _attach(material, document, original_name, user):
    """The attachment row, its audit event and the material's index job (in the caller's write transaction)."""
    exists = db.session.scalar(
        select(MaterialDocument).where(
            MaterialDocument.material_id == material.id, MaterialDocument.document_id == document.id
        )
    )
    if exists is None:
        db.session.add(MaterialDocument(material_id=material.id, document_id=document.id, is_attachment=True))
    else:
        exists.is_attachment = True
    audit.record(
        "material.attach",
        material,
        user=user,
        summary=f"Đính kèm “{original_name}” vào tài liệu {material.title}",
        after={"document_id": document.id},
    )
    if material.status == "published":
        enqueue_index(material)
