"""Materials: list, read and confirm, write with live preview, publish (thin: parse, call the service, render)."""

import os
import tempfile

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import materials as service
from portal.services.accounts import units as units_service
from portal.web import client_ip

from ...errors import PortalError
from ...extensions import db
from ...security import has_permission, permission_required
from .blueprint import bp
from .forms import MaterialForm


@bp.get("/")
@permission_required("materials.read")
def index():
    """Materials the user may read, with their own confirmation state (drafts too for the secretariat)."""
    materials = service.list_visible(current_user)
    states = {m.id: service.ack_status(m, current_user) for m in materials}
    return render_template(
        "materials/index.html",
        materials=materials,
        states=states,
        can_manage=has_permission(current_user, "materials.manage"),
        is_live=service.is_live,
    )


@bp.get("/<int:material_id>")
@permission_required("materials.read")
def detail(material_id):
    """The stored HTML, attachments, linked documents and tasks, and the confirm button."""
    material = service.get_visible(material_id, current_user)
    return render_template(
        "materials/detail.html",
        material=material,
        state=service.ack_status(material, current_user),
        documents=service.linked_documents(material, current_user),
        is_live=service.is_live(material),
        can_manage=has_permission(current_user, "materials.manage"),
        can_track=has_permission(current_user, "materials.track"),
    )


@bp.post("/<int:material_id>/acknowledge")
@permission_required("materials.acknowledge")
def acknowledge(material_id):
    """'Tôi đã nghiên cứu, quán triệt'."""
    material = service.get_visible(material_id, current_user)
    ack, created = service.acknowledge(material, current_user, client_ip())
    flash(
        "Đã ghi nhận đồng chí đã nghiên cứu, quán triệt tài liệu."
        if created
        else "Đồng chí đã xác nhận phiên bản này trước đó.",
        "success",
    )
    return redirect(url_for("materials.detail", material_id=material.id))


def _attach_uploads(material):
    """Upload each attached file through the document service; refusals are flashed, the material stays saved."""
    for upload in request.files.getlist("attachments"):
        if not upload or not upload.filename:
            continue
        handle, path = tempfile.mkstemp(prefix="material-")
        os.close(handle)
        try:
            upload.save(path)
            service.attach_file(material, path, upload.filename, current_user)
        except PortalError as error:
            db.session.rollback()
            flash(f"Tệp “{upload.filename}” chưa được đính kèm: {error.message}", "warning")
        finally:
            if os.path.exists(path):
                os.remove(path)


def _form(material=None):
    """The editor form: the posted values, else the material's, with the units to choose from."""
    if request.method == "POST":
        form = MaterialForm()
    elif material is None:
        form = MaterialForm(formdata=None)
    else:
        plain = [r.document.number or str(r.document_id) for r in material.document_rows if not r.is_attachment]
        form = MaterialForm(
            formdata=None,
            title=material.title,
            summary=material.summary or "",
            body_md=material.body_md,
            audience="all" if material.audience_all else "units",
            unit_codes=[r.unit.code for r in material.unit_rows],
            publish_on=material.publish_on,
            deadline=material.deadline,
            document_ids=", ".join(plain),
            task_codes=", ".join(r.task.code for r in material.task_rows),
        )
    form.unit_codes.choices = [(u.code, u.name) for u in units_service.all_units()]
    return form


def _render_form(material, form, status=200):
    """The editor page (new or edit), keeping what the user typed; errors beside their fields."""
    return render_template("materials/form.html", material=material, form=form), status


def _save(material):
    """Save the posted form; on a refusal show the form again with the message and the typed text."""
    form = _form(material)
    if not form.validate_on_submit():
        return _render_form(material, form, 400)
    old_version = material.version if material is not None else None
    try:
        saved = service.save_material(form.service_fields(), current_user, material)
    except PortalError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _render_form(material, form, error.status)
    _attach_uploads(saved)
    if old_version is not None and saved.version != old_version:
        flash(
            f"Đã lưu phiên bản {saved.version}; đảng viên đã xác nhận phiên bản trước sẽ được đề nghị xác nhận lại.",
            "info",
        )
    else:
        flash("Đã lưu tài liệu.", "success")
    return redirect(url_for("materials.detail", material_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
@permission_required("materials.manage")
def new():
    """Write a new material (a draft until published)."""
    if request.method == "POST":
        return _save(None)
    return _render_form(None, _form())


@bp.route("/<int:material_id>/edit", methods=["GET", "POST"])
@permission_required("materials.manage")
def edit(material_id):
    """Edit a material; a published one gets a new version when its title or body changes."""
    material = service.get_visible(material_id, current_user)
    if request.method == "POST":
        return _save(material)
    return _render_form(material, _form(material))


@bp.post("/preview")
@permission_required("materials.manage")
def preview():
    """Live preview: the Markdown rendered and sanitised by the same renderer as on save."""
    html, message = service.preview(request.form.get("body_md", ""))
    return jsonify({"html": html, "error": message})


def _state_change(material_id, action, message):
    """Publish / unpublish / delete, then back to the material (or the list)."""
    material = service.get_visible(material_id, current_user)
    action(material, current_user)
    flash(message, "success")
    if material.deleted_at is not None:
        return redirect(url_for("materials.index"))
    return redirect(url_for("materials.detail", material_id=material.id))


@bp.post("/<int:material_id>/publish")
@permission_required("materials.manage")
def publish(material_id):
    """Publish a draft."""
    return _state_change(
        material_id, service.publish, "Đã phát hành tài liệu; đảng viên trong phạm vi đã được thông báo."
    )


@bp.post("/<int:material_id>/unpublish")
@permission_required("materials.manage")
def unpublish(material_id):
    """Take a material back to draft."""
    return _state_change(material_id, service.unpublish, "Đã thu hồi tài liệu về bản nháp.")


@bp.post("/<int:material_id>/delete")
@permission_required("materials.manage")
def delete(material_id):
    """Soft-delete a material."""
    return _state_change(material_id, service.delete, "Đã xóa tài liệu.")
