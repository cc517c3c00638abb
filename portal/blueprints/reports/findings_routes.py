"""The inspection committee's view across all units, and findings (kết luận kiểm tra) with their follow-up."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.clock import today_local
from portal.services import reporting
from portal.services.accounts.units import active_branches
from portal.services.plan.common import latest_plan, plan_tasks
from portal.services.reporting import findings

from ...errors import ValidationFailed
from ...formatting import shorten
from ...models import FINDING_STATUSES, SLOT_STATUSES
from ...security import has_permission, permission_required
from .blueprint import bp
from .forms import FindingForm, FindingUpdateForm


def _finding_form(plan):
    form = FindingForm()
    form.unit.choices = [(u.code, u.name) for u in active_branches()]
    form.task_id.choices = [("", "—")] + [
        (str(t.id), f"{t.code} {shorten(t.text, 80)}") for t in (plan_tasks(plan) if plan else [])
    ]
    return form


def _inspection_page(form, status=200):
    """Read-only reporting across units (for those who see all), the findings the user may see, the new finding form."""
    sees_all = reporting.sees_all(current_user)
    return render_template(
        "reports/inspection.html",
        periods=reporting.visible_periods(current_user) if sees_all else [],
        sees_all=sees_all,
        statuses=SLOT_STATUSES,
        findings=findings.visible_findings(current_user, status=request.args.get("status") or None),
        finding_statuses=FINDING_STATUSES,
        manage=has_permission(current_user, "findings.manage"),
        form=form,
        today=today_local(),
        latest=reporting.latest_submission,
        link_count=reporting.link_count,
    ), status


@bp.get("/inspection")
@permission_required("findings.view")
def inspection():
    """The inspection committee's page."""
    return _inspection_page(_finding_form(latest_plan()))


@bp.post("/findings")
@permission_required("findings.manage")
def create_finding():
    """Record a finding for a unit (and optionally a task); on an error the form comes back as typed."""
    form = _finding_form(latest_plan())
    if not form.validate_on_submit():
        return _inspection_page(form, 400)
    try:
        finding = findings.create_finding(
            current_user,
            unit_code=form.unit.data,
            title=form.title.data,
            content=form.content.data,
            found_on=form.found_on.data or today_local(),
            follow_up_deadline=form.follow_up_deadline.data,
            task_id=form.task_id.data or None,
            period_id=request.form.get("period_id") or None,
        )
    except ValidationFailed as error:
        form.title.errors = [error.message]
        return _inspection_page(form, error.status)
    flash("Đã ghi kết luận kiểm tra.", "success")
    return redirect(url_for("reports.finding", finding_id=finding.id))


def _finding_page(finding_id, form, status=200):
    return render_template(
        "reports/finding.html",
        finding=findings.get_finding(finding_id, current_user),
        statuses=FINDING_STATUSES,
        manage=has_permission(current_user, "findings.manage"),
        form=form,
        today=today_local(),
    ), status


@bp.get("/findings/<int:finding_id>")
@permission_required("findings.view")
def finding(finding_id):
    """One finding; the inspection committee updates it here."""
    item = findings.get_finding(finding_id, current_user)
    return _finding_page(finding_id, FindingUpdateForm(obj=item))


@bp.post("/findings/<int:finding_id>")
@permission_required("findings.manage")
def update_finding(finding_id):
    """Update status, resolution or deadline; on an error the form comes back as typed."""
    form = FindingUpdateForm()
    if not form.validate_on_submit():
        return _finding_page(finding_id, form, 400)
    findings.update_finding(
        finding_id,
        current_user,
        status=form.status.data or None,
        resolution=form.resolution.data,
        follow_up_deadline=form.follow_up_deadline.data,
    )
    flash("Đã cập nhật kết luận kiểm tra.", "success")
    return redirect(url_for("reports.finding", finding_id=finding_id))
