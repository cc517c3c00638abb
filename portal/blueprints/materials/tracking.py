"""Tracking confirmations: rates per unit, the members who have not confirmed, reminders and exports."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import materials as service

from ...errors import ValidationFailed
from ...ids import id_value
from ...security import permission_required
from .blueprint import bp

EXPORTS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", service.export_xlsx),
    "csv": ("text/csv; charset=utf-8", service.export_csv),
}


@bp.get("/<int:material_id>/tracking")
@permission_required("materials.track")
def tracking(material_id):
    """Overall share and per-unit table; a branch secretary sees only their own branch."""
    material = service.get_visible(material_id, current_user)
    scope = service.tracking_units(current_user)
    stats = service.rates(material, scope)
    missing = {row["unit_id"]: service.unacknowledged_members(material, row["unit_id"]) for row in stats["units"]}
    return render_template(
        "materials/tracking.html",
        material=material,
        stats=stats,
        missing=missing,
        branch_only=scope is not None,
        is_live=service.is_live(material),
    )


@bp.post("/<int:material_id>/remind")
@permission_required("materials.track")
def remind(material_id):
    """Notify a unit's members who have not confirmed."""
    material = service.get_visible(material_id, current_user)
    unit_id = request.form.get("unit_id", type=id_value)
    if unit_id is None:
        raise ValidationFailed("Chưa chọn chi bộ cần nhắc.")
    count = service.remind(material, unit_id, current_user)
    flash(f"Đã gửi nhắc nhở tới {count} đảng viên." if count else "Không còn đảng viên nào chưa xác nhận.", "success")
    return redirect(url_for("materials.tracking", material_id=material.id))


def _export(material, fmt):
    """Send the confirmations as XLSX or CSV with a Vietnamese-safe file name."""
    if fmt not in EXPORTS:
        raise ValidationFailed("Định dạng xuất chỉ có thể là xlsx hoặc csv.")
    mimetype, build = EXPORTS[fmt]
    name = f"xac-nhan-quan-triet-{material.id}.{fmt}" if material else f"xac-nhan-quan-triet.{fmt}"
    return Response(
        build(current_user, material),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:material_id>/export.<fmt>")
@permission_required("materials.track")
def export(material_id, fmt):
    """Confirmations of one material (within the user's scope)."""
    return _export(service.get_visible(material_id, current_user), fmt)


@bp.get("/export.<fmt>")
@permission_required("materials.track")
def export_all(fmt):
    """Confirmations of every published material (within the user's scope)."""
    return _export(None, fmt)
