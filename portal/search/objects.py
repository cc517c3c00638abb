"""Database objects as index documents: a ``Document`` (metadata, page texts of its current version, units, task
codes) or a ``Material`` (its Markdown source). Used by the index jobs and the rebuild; imports no other search module
that could import it back.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db


def _iso(value):
    return value.isoformat() if value is not None else None


def document_to_index(doc) -> dict:
    """The index dict of a ``Document``: metadata, page texts of its current version, units and task codes."""
    from portal.models.plan import DocumentTaskLink, PlanTask

    version = doc.current_version
    pages = [p.text or "" for p in version.pages] if version else []
    units = {str(doc.owner_unit_id)} if doc.owner_unit_id else set()
    units |= {str(r.unit_id) for r in doc.unit_rows}
    session = db.session.object_session(doc) or db.session
    tasks = session.scalars(
        select(PlanTask.code)
        .join(DocumentTaskLink, DocumentTaskLink.task_id == PlanTask.id)
        .where(DocumentTaskLink.document_id == doc.id)
    ).all()
    return {
        "id": "document:%d" % doc.id,
        "kind": "document",
        "title": doc.title or doc.display_title,
        "number": doc.number or "",
        "doc_type": doc.doc_type or "",
        "issuer": doc.issuer or "",
        "year": doc.issued_year or (doc.issued_on.year if doc.issued_on else ""),
        "issued_on": doc.issued_on,
        "units": sorted(units),
        "tasks": sorted(set(tasks)),
        "pages": pages or [""],
        "updated_at": _iso(doc.updated_at),
    }


def material_to_index(m) -> dict:
    """The index dict of a ``Material`` (kind "material", its Markdown source as text)."""
    published = m.published_at.date() if m.published_at else None
    return {
        "id": "material:%d" % m.id,
        "kind": "material",
        "title": m.title or "",
        "number": "",
        "doc_type": "tai_lieu",
        "issuer": "",
        "year": published.year if published else "",
        "issued_on": published,
        "units": sorted(str(r.unit_id) for r in m.unit_rows),
        "tasks": sorted({r.task.code for r in m.task_rows if r.task is not None}),
        "pages": ["\n\n".join(x for x in (m.summary, m.body_md) if x)],
        "updated_at": _iso(m.updated_at),
    }
