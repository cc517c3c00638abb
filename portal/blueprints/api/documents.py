"""API routes for documents: upload (multipart), list, metadata with citations/links/versions, download."""

from flask import jsonify, request, url_for
from flask_login import current_user

from portal.services import documents as service

from ...security import permission_required
from ..documents.downloads import attachment
from .blueprint import bp
from .core import page_args

METADATA_FIELDS = (
    "title",
    "number",
    "issuer",
    "issuer_parent",
    "place",
    "issued_on",
    "signer_name",
    "signer_mark",
    "signer_title",
    "recipients",
    "secrecy",
    "urgency",
    "summary",
)


def _iso(value):
    return value.isoformat() if value else None


def _brief(document):
    """The short shape shared by upload answers and lists."""
    return {
        "id": document.id,
        "number": document.number,
        "type": document.doc_type,
        "title": document.display_title,
        "issued_on": _iso(document.issued_on),
    }


@bp.post("/documents")
@permission_required("documents.upload")
def documents_upload():
    """Upload one file (multipart `file`; optional `type`, `unit`, `units`, `visibility` and metadata fields)."""
    form = request.form
    metadata = {name: form[name] for name in METADATA_FIELDS if form.get(name)}
    result = service.upload_stream(
        request.files.get("file"),
        user=current_user,
        metadata=metadata,
        doc_type=form.get("type") or None,
        visibility=form.get("visibility") or None,
        unit_codes=form.getlist("units"),
        owner_unit_code=form.get("unit") or None,
        source="api",
    )
    body = {**_brief(result.document), "status": result.status, "warnings": result.warnings}
    return jsonify(body), 200 if result.status == "duplicate" else 201


@bp.get("/documents")
@permission_required("documents.read")
def documents_list():
    """Visible documents, newest first (limit/offset; optional type, year, unit, q)."""
    limit, offset = page_args()
    page = service.list_documents(
        current_user,
        q=request.args.get("q") or None,
        doc_type=request.args.get("type") or None,
        year=request.args.get("year") or None,
        unit=request.args.get("unit") or None,
        per_page=limit,
        page=1,
        offset=offset,
    )
    return jsonify({"total": page.total, "items": [_brief(d) for d in page.items]})


@bp.get("/documents/<int:document_id>")
@permission_required("documents.read")
def documents_detail(document_id):
    """Metadata, citations (cites / cited_by), plan links and versions of a visible document."""
    document = service.get_document(document_id, current_user)
    return jsonify(service.document_data(document, current_user, _version_url))


def _version_url(document, version):
    return url_for("api.documents_download", document_id=document.id, version_id=version.id)


@bp.get("/documents/<int:document_id>/versions/<int:version_id>/download")
@permission_required("documents.read")
def documents_download(document_id, version_id):
    """The stored file of one version, as an attachment."""
    _document, version = service.get_version(document_id, version_id, current_user)
    return attachment(version)
