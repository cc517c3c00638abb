"""Changing documents: upload (drag-and-drop with progress), metadata, new versions, trash, restore, purge."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import documents as service
from portal.services.accounts import units

from ...error_json import error_response
from ...errors import PortalError
from ...security import has_permission, permission_required
from .blueprint import bp
from .forms import MetadataForm, PurgeForm, UploadForm, VersionForm


def _wants_json():
    return request.accept_mimetypes.best == "application/json"


def _unit_choices(form_field, with_default=True):
    choices = [(u.code, u.name) for u in units.all_units()]
    form_field.choices = ([("", "— Đơn vị của tôi —")] if with_default else []) + choices


def _upload_form():
    form = UploadForm()
    _unit_choices(form.owner_unit)
    _unit_choices(form.units, with_default=False)
    return form


@bp.route("/upload", methods=["GET", "POST"])
@permission_required("documents.upload")
def upload():
    """Step 1: send the file; the portal stores it with the metadata read from it, then step 2 confirms them."""
    form = _upload_form()
    if request.method == "GET":
        return render_template(
            "documents/upload.html", form=form, manager=has_permission(current_user, "documents.edit_any")
        )
    if not form.validate_on_submit():
        return _upload_failed(form, "Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.", 400)
    try:
        result = service.upload_stream(
            request.files.get("file"),
            user=current_user,
            doc_type=form.doc_type.data or None,
            visibility=form.visibility.data or None,
            unit_codes=form.units.data or (),
            owner_unit_code=form.owner_unit.data or None,
            source="web",
        )
    except PortalError as error:
        return _upload_failed(form, error.message, error.status, error.code)
    return _uploaded(result)


def _upload_failed(form, message, status, code="invalid"):
    """The refusal: JSON for the page's script, the form again with the message otherwise."""
    if _wants_json():
        return error_response(code, message, status)
    flash(message, "danger")
    return render_template(
        "documents/upload.html", form=form, manager=has_permission(current_user, "documents.edit_any")
    ), status


def _uploaded(result):
    """Where to go next: the confirmation form for a new document, the existing one for a duplicate."""
    doc = result.document
    if result.status == "duplicate":
        message = f"Tệp này đã có trong thư viện: “{doc.display_title}”. Không lưu thêm bản trùng."
        target = url_for("documents.detail", document_id=doc.id)
    else:
        message = (
            "Đã lưu văn bản. Vui lòng kiểm tra các thông tin hệ thống đọc được từ văn bản rồi bấm “Lưu thông tin”."
        )
        target = url_for("documents.edit", document_id=doc.id, moi=1)
    if _wants_json():
        return jsonify(
            {"id": doc.id, "status": result.status, "warnings": result.warnings, "message": message, "redirect": target}
        ), 200 if result.status == "duplicate" else 201
    flash(message, "info" if result.status == "duplicate" else "success")
    for warning in result.warnings:
        flash(warning, "warning")
    return redirect(target)


def _metadata_form(document):
    form = MetadataForm(obj=document if request.method == "GET" else None)
    _unit_choices(form.units, with_default=False)
    if request.method == "GET":
        form.units.data = service.chosen_unit_codes(document)
        form.issued_year.data = str(document.issued_year or "") if not document.issued_on else ""
    return form


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@permission_required("documents.read")
def edit(document_id):
    """Check and correct the registration metadata (step 2 of an upload, or any later correction)."""
    document = service.get_document(document_id, current_user)
    if not service.may_edit(document, current_user):
        return render_template(
            "errors/error.html", status=403, title="Không có quyền", message="Đồng chí không có quyền sửa văn bản này."
        ), 403
    form = _metadata_form(document)
    if form.validate_on_submit():
        try:
            service.update_metadata(
                document,
                {**form.values(), "visibility": form.visibility.data},
                current_user,
                unit_codes=form.units.data or [],
            )
        except PortalError as error:
            flash(error.message, "danger")
            return render_template("documents/edit.html", form=form, document=document), error.status
        flash("Đã lưu thông tin văn bản.", "success")
        for warning in service.number_warnings(document, current_user):
            flash(warning, "warning")
        return redirect(url_for("documents.detail", document_id=document.id))
    return render_template(
        "documents/edit.html", form=form, document=document, fresh=request.args.get("moi") == "1"
    ), 400 if form.errors else 200


@bp.route("/<int:document_id>/versions/new", methods=["GET", "POST"])
@permission_required("documents.read")
def new_version(document_id):
    """Upload a corrected file; it becomes the current version and older ones stay downloadable."""
    document = service.get_document(document_id, current_user)
    form = VersionForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            result = service.upload_document_version(document, request.files.get("file"), current_user)
        except PortalError as error:
            if _wants_json():
                return error_response(error.code, error.message, error.status)
            flash(error.message, "danger")
            return render_template("documents/new_version.html", form=form, document=document), error.status
        message = f"Đã thêm phiên bản {result.document.current_version.version_no}."
        if _wants_json():
            return jsonify(
                {
                    "id": document.id,
                    "status": result.status,
                    "warnings": result.warnings,
                    "message": message,
                    "redirect": url_for("documents.detail", document_id=document.id),
                }
            ), 201
        flash(message, "success")
        return redirect(url_for("documents.detail", document_id=document.id))
    if not service.may_edit(document, current_user):
        return render_template(
            "errors/error.html", status=403, title="Không có quyền", message="Đồng chí không có quyền sửa văn bản này."
        ), 403
    return render_template("documents/new_version.html", form=form, document=document)


@bp.post("/<int:document_id>/trash")
@permission_required("documents.read")
def trash(document_id):
    """Move to the trash."""
    document = service.get_document(document_id, current_user)
    service.trash(document, current_user)
    flash("Đã chuyển văn bản vào thùng rác. Bộ phận giúp việc có thể khôi phục.", "success")
    return redirect(url_for("documents.index"))


@bp.post("/<int:document_id>/restore")
@permission_required("documents.trash")
def restore(document_id):
    """Bring back from the trash."""
    document = service.get_document(document_id, current_user, include_trashed=True)
    service.restore(document, current_user)
    flash("Đã khôi phục văn bản.", "success")
    return redirect(url_for("documents.detail", document_id=document.id))


@bp.post("/<int:document_id>/purge")
@permission_required("documents.trash")
def purge(document_id):
    """Delete for good, after the typed confirmation."""
    document = service.get_document(document_id, current_user, include_trashed=True)
    form = PurgeForm()
    if not form.validate_on_submit():
        flash("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.", "danger")
        return redirect(url_for("documents.detail", document_id=document.id))
    title = document.display_title
    service.purge(document, current_user, form.confirm.data)
    flash(f"Đã xóa vĩnh viễn “{title}”.", "success")
    return redirect(url_for("documents.index", trash=1))
