"""Reading documents: the list (with the trash), the document page, downloads and the waiting citations."""

from flask import current_app, render_template, request
from flask_login import current_user

from portal.services import documents as service
from portal.services.accounts import units

from ...ids import page_value
from ...security import can_edit_document, has_permission, permission_required
from ..links import with_urls
from .blueprint import bp
from .downloads import attachment
from .forms import PurgeForm

PER_PAGE = 20


def _list_args():
    """The list filters from the query string."""
    args = request.args
    return {
        "q": args.get("q", "").strip() or None,
        "doc_type": args.get("type") or None,
        "year": args.get("year") or None,
        "unit": args.get("unit") or None,
        "issuer": args.get("issuer", "").strip() or None,
        "sort": args.get("sort", "moi_nhat"),
    }


@bp.get("/")
@permission_required("documents.read")
def index():
    """Documents the user may see, with filters, sort and pages; `?trash=1` shows the trash to its managers."""
    trash = request.args.get("trash") == "1"
    filters = _list_args()
    page = service.list_documents(
        current_user, page=page_value(request.args.get("page")), per_page=PER_PAGE, trash=trash, **filters
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "documents/index.html",
        page=page,
        filters=filters,
        args=args,
        trash=trash,
        facets=service.facet_values(current_user),
        unit_list=units.all_units(),
        sorts=SORT_LABELS,
    )


SORT_LABELS = {
    "moi_nhat": "Ngày ban hành mới nhất",
    "cu_nhat": "Ngày ban hành cũ nhất",
    "moi_tai": "Mới tải lên",
    "so": "Số, ký hiệu",
    "ten": "Trích yếu (A-Z)",
}


@bp.get("/<int:document_id>")
@permission_required("documents.read")
def detail(document_id):
    """The document page: metadata, text, versions, citations, plan tasks, similar documents, audit trail."""
    document = service.get_document(document_id, current_user, include_trashed=True)
    return render_template(
        "documents/detail.html",
        document=document,
        version=document.current_version,
        citations=service.citations_of(document, current_user),
        plan_ctx=_plan_context(document),
        similar=_similar(document),
        trail=_trail(document),
        can_edit=can_edit_document(current_user, document),
        can_trash=has_permission(current_user, "documents.trash"),
        unit_names=service.unit_names(document),
        purge_form=PurgeForm(),
        purge_word=service.PURGE_WORD,
    )


def _plan_context(document):
    """Linked plan tasks and suggestions (the plan area's helper), or None when it fails."""
    from portal.services.plan import document_task_context

    try:
        return document_task_context(document, current_user)
    except Exception:  # noqa: BLE001 - the document page must not fail because of a side panel
        current_app.logger.exception("Không lấy được nhiệm vụ kế hoạch của văn bản %s", document.id)
        return None


def _similar(document):
    """Up to five visible documents like this one, from the search index; empty when the index is unavailable."""
    from ...services import searching

    try:
        return with_urls(searching.similar_documents(current_user, document, limit=5))
    except Exception:  # noqa: BLE001 - the index is derived; a page never fails because of it
        current_app.logger.warning("Không tìm được văn bản tương tự cho %s", document.id, exc_info=True)
        return []


def _trail(document):
    """The audit trail for those who edit the document or read the audit log."""
    if can_edit_document(current_user, document) or has_permission(current_user, "audit.read"):
        return service.audit_trail(document)
    return None


@bp.get("/<int:document_id>/versions/<int:version_id>/download")
@permission_required("documents.read")
def download(document_id, version_id):
    """Download one stored version as an attachment."""
    _document, version = service.get_version(document_id, version_id, current_user)
    return attachment(version)


@bp.get("/citations/waiting")
@permission_required("citations.manage")
def citations_waiting():
    """References by number to documents not yet in the library, most cited first."""
    return render_template("documents/citations_waiting.html", groups=service.waiting_citations(current_user))
