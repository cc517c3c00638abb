"""Citations between documents: read from the text, linked by number key, waiting until the cited one arrives.

These helpers add to the caller's transaction (the documents service owns it); the read helpers filter by the one
visibility query so a hidden document is never revealed through a link.
"""

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update

from portal.extensions import db
from portal.models import Citation, Document
from portal.security import visible_document_ids
from portal.text.numbers import find_citations

RAW_MAX = 500


@dataclass
class CitedItem:
    """One reference a document makes: the cited number and, when the user may see it, the library's document."""

    number: str
    number_key: str
    raw: str
    doc_type: str | None
    issuer: str | None
    issued_on: object
    target: Document | None


@dataclass
class WaitingGroup:
    """A number cited by documents of the library but not in it yet, with how often and by whom."""

    number: str
    number_key: str
    doc_type: str | None
    issuer: str | None
    count: int
    sources: list = field(default_factory=list)


def _live_by_key(key, exclude_id=None):
    """The oldest live document with this number key (not the one excluded), or None."""
    query = select(Document).where(Document.number_key == key, Document.deleted_at.is_(None))
    if exclude_id is not None:
        query = query.where(Document.id != exclude_id)
    return db.session.scalars(query.order_by(Document.id).limit(1)).first()


def record_citations(document, text):
    """Replace the document's outgoing citations with those found in its text; returns how many."""
    db.session.execute(delete(Citation).where(Citation.source_id == document.id))
    refs = find_citations(text or "", exclude_key=document.number_key or document.number)
    for ref in refs:
        if not ref.key:
            continue
        target = _live_by_key(ref.key, exclude_id=document.id)
        db.session.add(
            Citation(
                source_id=document.id,
                target_id=target.id if target else None,
                number=ref.number[:80],
                number_key=ref.key[:80],
                doc_type=ref.doc_type,
                issuer=(ref.issuer or None) and ref.issuer[:200],
                issued_on=ref.issued_on,
                raw=(ref.raw or ref.number)[:RAW_MAX],
            )
        )
    return len(refs)


def connect_waiting(document):
    """Point the waiting citations of other documents that cite this document's number at it; returns how many."""
    if not document.number_key:
        return 0
    result = db.session.execute(
        update(Citation)
        .where(
            Citation.number_key == document.number_key, Citation.target_id.is_(None), Citation.source_id != document.id
        )
        .values(target_id=document.id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def release_incoming(document):
    """Citations pointing at this document go to another live document with the same key, or back to waiting."""
    incoming = db.session.scalars(select(Citation).where(Citation.target_id == document.id)).all()
    for citation in incoming:
        other = _live_by_key(citation.number_key, exclude_id=document.id)
        citation.target_id = other.id if other and other.id != citation.source_id else None
    return len(incoming)


def cites(document, user):
    """What the document cites; targets the user may not see are given as None (the number stays, no link)."""
    rows = db.session.scalars(select(Citation).where(Citation.source_id == document.id).order_by(Citation.id)).all()
    target_ids = {c.target_id for c in rows if c.target_id}
    visible = _visible_among(user, target_ids)
    targets = {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(visible)))} if visible else {}
    return [
        CitedItem(c.number, c.number_key, c.raw, c.doc_type, c.issuer, c.issued_on, targets.get(c.target_id))
        for c in rows
    ]


def cited_by(document, user):
    """(source document, citation) for the visible documents that cite this one."""
    query = (
        select(Document, Citation)
        .join(Citation, Citation.source_id == Document.id)
        .where(Citation.target_id == document.id, Document.id.in_(visible_document_ids(user)))
        .order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
    )
    return [(doc, citation) for doc, citation in db.session.execute(query)]


def _visible_among(user, ids):
    """The subset of ids the user may see."""
    if not ids:
        return set()
    return set(db.session.scalars(visible_document_ids(user).where(Document.id.in_(ids))))


def waiting_groups(user=None, limit=500):
    """Waiting references grouped by number key, most cited first; sources filtered by visibility when a user is given."""
    query = (
        select(Citation.number_key, func.count(Citation.id), func.min(Citation.number))
        .join(Document, Document.id == Citation.source_id)
        .where(Citation.target_id.is_(None), Document.deleted_at.is_(None))
    )
    if user is not None:
        query = query.where(Document.id.in_(visible_document_ids(user)))
    query = (
        query.group_by(Citation.number_key).order_by(func.count(Citation.id).desc(), Citation.number_key).limit(limit)
    )
    groups = [WaitingGroup(number, key, None, None, count) for key, count, number in db.session.execute(query)]
    _fill_sources(groups, user)
    return groups


def _fill_sources(groups, user):
    """Attach the citing documents (and a type/issuer seen in the text) to each waiting group."""
    if not groups:
        return
    by_key = {g.number_key: g for g in groups}
    query = (
        select(Citation, Document)
        .join(Document, Document.id == Citation.source_id)
        .where(Citation.target_id.is_(None), Citation.number_key.in_(by_key), Document.deleted_at.is_(None))
    )
    if user is not None:
        query = query.where(Document.id.in_(visible_document_ids(user)))
    for citation, source in db.session.execute(query.order_by(Document.id)):
        group = by_key[citation.number_key]
        group.sources.append(source)
        group.doc_type = group.doc_type or citation.doc_type
        group.issuer = group.issuer or citation.issuer


def waiting_count(user=None):
    """How many distinct numbers are cited but not in the library."""
    query = (
        select(func.count(func.distinct(Citation.number_key)))
        .join(Document, Document.id == Citation.source_id)
        .where(Citation.target_id.is_(None), Document.deleted_at.is_(None))
    )
    if user is not None:
        query = query.where(Document.id.in_(visible_document_ids(user)))
    return db.session.scalar(query) or 0
