"""The inspection committee's view across all units, and findings (kết luận kiểm tra) with their follow-up."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.clock import today_local
from portal.services import reporting
from portal.services.accounts.units import active_branches
from portal.services.plan.common import latest_plan, plan_tasks
from portal.services.reporting import findings

from ...models import FINDING_STATUSES, SLOT_STATUSES
from ...security import has_permission, permission_required
from ...text.dates import parse_user_date
from .blueprint import bp


@bp.get("/inspection")
@permission_required("findings.view")
def inspection():
    """Read-only reporting across units (for those who see all) and the findings the user may see."""
    sees_all = reporting.sees_all(current_user)
    periods = reporting.visible_periods(current_user) if sees_all else []
    plan = latest_plan()
    return render_template(
        "reports/inspection.html",
        periods=periods,
        sees_all=sees_all,
        statuses=SLOT_STATUSES,
        findings=findings.visible_findings(current_user, status=request.args.get("status") or None),
        finding_statuses=FINDING_STATUSES,
        manage=has_permission(current_user, "findings.manage"),
        units=active_branches(),
        tasks=plan_tasks(plan) if plan else [],
        today=today_local(),
        latest=reporting.latest_submission,
        link_count=reporting.link_count,
    )


@bp.post("/findings")
@permission_required("findings.manage")
def create_finding():
    """Record a finding for a unit (and optionally a task)."""
    form = request.form
    finding = findings.create_finding(
        current_user,
        unit_code=form.get("unit"),
        title=form.get("title"),
        content=form.get("content"),
        found_on=parse_user_date(form.get("found_on"), "ngày kết luận") or today_local(),
        follow_up_deadline=parse_user_date(form.get("follow_up_deadline"), "hạn khắc phục"),
        task_id=form.get("task_id") or None,
        period_id=form.get("period_id") or None,
    )
    flash("Đã ghi kết luận kiểm tra.", "success")
    return redirect(url_for("reports.finding", finding_id=finding.id))


@bp.get("/findings/<int:finding_id>")
@permission_required("findings.view")
def finding(finding_id):
    """One finding; the inspection committee updates it here."""
    return render_template(
        "reports/finding.html",
        finding=findings.get_finding(finding_id, current_user),
        statuses=FINDING_STATUSES,
        manage=has_permission(current_user, "findings.manage"),
        today=today_local(),
    )


@bp.post("/findings/<int:finding_id>")
@permission_required("findings.manage")
def update_finding(finding_id):
    """Update status, resolution or deadline."""
    form = request.form
    findings.update_finding(
        finding_id,
        current_user,
        status=form.get("status") or None,
        resolution=form.get("resolution"),
        follow_up_deadline=parse_user_date(form.get("follow_up_deadline"), "hạn khắc phục"),
    )
    flash("Đã cập nhật kết luận kiểm tra.", "success")
    return redirect(url_for("reports.finding", finding_id=finding_id))
