"""The summary report of a period: generate the draft, edit it, export it to DOCX."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services.reporting import exports, summary

from ...errors import NotFound
from ...security import has_permission, permission_required
from ...text.dates import parse_user_date
from .blueprint import bp


@bp.get("/periods/<int:period_id>/summary")
@permission_required("reports.view_all")
def summary_view(period_id):
    """The draft with one textarea per section (read-only for the inspection committee)."""
    period, report = summary.get_summary(period_id, current_user)
    return render_template(
        "reports/summary.html", period=period, report=report, manage=has_permission(current_user, "reports.manage")
    )


@bp.post("/periods/<int:period_id>/summary/generate")
@permission_required("reports.manage")
def summary_generate(period_id):
    """(Re)build the draft from the submissions."""
    summary.generate_draft(period_id, current_user, lambda doc: url_for("documents.detail", document_id=doc.id))
    flash("Đã lập dự thảo báo cáo tổng hợp từ báo cáo của các chi bộ.", "success")
    return redirect(url_for("reports.summary_view", period_id=period_id))


@bp.post("/periods/<int:period_id>/summary")
@permission_required("reports.manage")
def summary_save(period_id):
    """Save the edited draft."""
    form = request.form
    summary.update_summary(
        period_id,
        current_user,
        number=form.get("number"),
        title=form.get("title"),
        place=form.get("place"),
        issued_on=parse_user_date(form.get("issued_on"), "ngày ban hành"),
        recipients=form.get("recipients"),
        signer_mark=form.get("signer_mark"),
        signer_title=form.get("signer_title"),
        signer_name=form.get("signer_name"),
        section_titles=form.getlist("section_title"),
        section_bodies=form.getlist("section_body"),
    )
    flash("Đã lưu báo cáo tổng hợp.", "success")
    return redirect(url_for("reports.summary_view", period_id=period_id))


@bp.get("/periods/<int:period_id>/summary.docx")
@permission_required("reports.view_all")
def summary_docx(period_id):
    """The summary report as DOCX in Vietnamese administrative form."""
    period, report = summary.get_summary(period_id, current_user)
    if report is None:
        raise NotFound("Chưa có dự thảo báo cáo tổng hợp cho đợt này.")
    body = exports.summary_docx(report)
    return Response(
        body,
        mimetype=exports.DOCX_MIME,
        headers={"Content-Disposition": f"attachment; filename=bao-cao-tong-hop-{period.id}.docx"},
    )
