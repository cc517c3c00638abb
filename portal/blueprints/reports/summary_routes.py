"""The summary report of a period: generate the draft, edit it, freeze it as sent, export it to DOCX and XLSX."""

import re

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from portal.services.reporting import exports, summary
from portal.services.reporting.summary_draft import period_phrase

from ...errors import NotFound
from ...security import has_permission, permission_required
from ...text.dates import parse_user_date
from .blueprint import bp

SOURCE_LINK = re.compile(r"\[([^\]]+)\]\((?:doc:|/documents/)(\d+)\)")


@bp.app_template_filter("summary_html")
def summary_html(body):
    """A section body for reading: paragraphs and bullets, each source "[label](doc:ID)" a link to the document."""
    out, items = [], []
    for line in (body or "").splitlines():
        text = line.strip()
        if text.startswith(("- ", "+ ")):
            items.append(_linked(text[2:]))
            continue
        if items:
            out.append(
                Markup("<ul>") + Markup("").join(Markup("<li>") + i + Markup("</li>") for i in items) + Markup("</ul>")
            )
            items = []
        if text:
            out.append(Markup('<p class="summary-par">') + _linked(text) + Markup("</p>"))
    if items:
        out.append(
            Markup("<ul>") + Markup("").join(Markup("<li>") + i + Markup("</li>") for i in items) + Markup("</ul>")
        )
    return Markup("").join(out)


def _linked(text):
    parts, last = [], 0
    for match in SOURCE_LINK.finditer(text):
        parts.append(escape(text[last : match.start()]))
        href = url_for("documents.detail", document_id=int(match.group(2)))
        parts.append(Markup('<a href="{}" class="summary-source">{}</a>').format(href, match.group(1)))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


@bp.get("/periods/<int:period_id>/summary")
@permission_required("reports.view_all")
def summary_view(period_id):
    """The draft: each section readable with its sources linked, editable below; the sources panel beside it."""
    period, report = summary.get_summary(period_id, current_user)
    return render_template(
        "reports/summary.html",
        period=period,
        report=report,
        manage=has_permission(current_user, "reports.manage"),
        sources=summary.summary_sources(period, report),
        blockers=summary.blockers(report) if report else [],
        edited=summary.edited,
        heading=f"Báo cáo tổng hợp {period_phrase(period.title)}",
    )


@bp.post("/periods/<int:period_id>/summary/generate")
@permission_required("reports.manage")
def summary_generate(period_id):
    """(Re)build the draft from the facts; edited sections are kept, new material proposed beside them."""
    report = summary.generate_draft(period_id, current_user)
    waiting = sum(1 for s in report.sections or [] if "proposed" in s)
    flash(
        "Đã lập dự thảo báo cáo tổng hợp từ báo cáo của các chi bộ."
        + (f" {waiting} mục đã sửa được giữ nguyên; nội dung mới được đề xuất bên cạnh." if waiting else ""),
        "success",
    )
    return redirect(url_for("reports.summary_view", period_id=period_id))


@bp.post("/periods/<int:period_id>/summary")
@permission_required("reports.manage")
def summary_save(period_id):
    """Save the edited draft (and take or set aside a proposal, when one of those buttons was pressed)."""
    form = request.form
    proposals = {}
    choice, _, index = (form.get("proposal") or "").partition(":")
    if choice in ("accept", "dismiss") and index.isdigit():
        proposals[int(index)] = choice
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
        proposals=proposals,
    )
    flash("Đã lưu báo cáo tổng hợp.", "success")
    return redirect(url_for("reports.summary_view", period_id=period_id))


@bp.post("/periods/<int:period_id>/summary/send")
@permission_required("reports.manage")
def summary_send(period_id):
    """Freeze the draft as the version sent."""
    summary.freeze_summary(period_id, current_user)
    flash("Đã chốt báo cáo tổng hợp là bản gửi đi; bản này được giữ nguyên.", "success")
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


@bp.get("/periods/<int:period_id>/summary.xlsx")
@permission_required("reports.view_all")
def summary_xlsx(period_id):
    """The target table and each branch's status as XLSX (numbers as numbers)."""
    period, _report = summary.get_summary(period_id, current_user)
    return Response(
        summary.summary_xlsx(period, current_user),
        mimetype=exports.XLSX_MIME,
        headers={"Content-Disposition": f"attachment; filename=bao-cao-tong-hop-{period.id}.xlsx"},
    )
