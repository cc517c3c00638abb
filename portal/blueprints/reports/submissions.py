"""A unit's slot: its submissions, the submit form (own branch only), the secretariat's return and accept."""

from contextlib import ExitStack

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import reporting
from portal.services.documents import received_file
from portal.services.plan.common import plan_tasks
from portal.services.plan.links import link_tasks, suggest_for_document

from ...errors import ValidationFailed
from ...models import RELATIONS, SLOT_STATUSES
from ...security import has_permission, permission_required, secretary_unit_id
from ...text.codes import code_list
from .blueprint import bp


@bp.get("/slots/<int:slot_id>")
@permission_required("reports.view_own")
def slot(slot_id):
    """The slot page: status, submissions, links and values; the submit form for the branch's own secretary."""
    slot = reporting.get_slot(slot_id, current_user)
    period = slot.period
    latest = reporting.latest_submission(slot)
    own = secretary_unit_id(current_user) == slot.unit_id and has_permission(current_user, "reports.submit")
    plan = reporting.period_plan(period)
    suggestions = suggest_for_document(latest.document, 5, plan) if latest and own and plan else []
    return render_template(
        "reports/slot.html",
        slot=slot,
        period=period,
        latest=latest,
        statuses=SLOT_STATUSES,
        own=own,
        can_submit=own and not period.is_closed and slot.status in reporting.TRANSITIONS["submit"],
        manage=has_permission(current_user, "reports.manage"),
        tasks=plan_tasks(plan) if plan else [],
        asked_tasks={t.code for t in reporting.asked_tasks(period)},
        targets=reporting.asked_targets(period),
        links=reporting.slot_links(slot),
        values=reporting.slot_target_values(slot),
        suggestions=suggestions,
        relations=RELATIONS,
    )


@bp.post("/slots/<int:slot_id>/submit")
@permission_required("reports.submit")
def submit(slot_id):
    """Submit (or resubmit) the branch's report: file, tasks, target values with optional evidence files."""
    slot = reporting.check_submit_allowed(None, current_user, slot_id=slot_id)
    report = request.files.get("file")
    reporting.require_report_file(report is not None and report.filename)
    with ExitStack() as stack:
        path = stack.enter_context(received_file(report))
        targets = []
        for target in reporting.asked_targets(slot.period):
            value = request.form.get(f"target_{target.code}", "").strip()
            if not value:
                continue
            item = reporting.TargetInput(
                target.code, value, evidence_title=request.form.get(f"evidence_title_{target.code}")
            )
            evidence = request.files.get(f"evidence_{target.code}")
            if evidence is not None and evidence.filename:
                item.evidence_path, item.evidence_name = stack.enter_context(received_file(evidence)), evidence.filename
            targets.append(item)
        submission = reporting.submit_report(
            None,
            current_user,
            path,
            report.filename,
            slot_id=slot_id,
            task_codes=code_list(request.form.getlist("tasks")),
            targets=targets,
            note=request.form.get("note"),
        )
    late = " (nộp muộn)" if submission.is_late else ""
    flash(f"Đã nộp báo cáo lần {submission.version_no}{late}.", "success")
    return redirect(url_for("reports.slot", slot_id=slot_id))


@bp.post("/slots/<int:slot_id>/links")
@permission_required("links.create")
def add_links(slot_id):
    """Link the latest report to more tasks (from the suggestions), through the plan service."""
    slot = reporting.get_slot(slot_id, current_user)
    latest = reporting.latest_submission(slot)
    plan = reporting.period_plan(slot.period)
    if latest is None or plan is None:
        raise ValidationFailed("Chưa có báo cáo để gắn với nhiệm vụ.")
    tasks = {t.code: t for t in plan_tasks(plan)}
    chosen = [tasks[code] for code in code_list(request.form.getlist("tasks")) if code in tasks]
    added = link_tasks(latest.document, chosen, "bao_cao_ket_qua", current_user)
    flash(f"Đã gắn báo cáo với {len(added)} nhiệm vụ.", "success")
    return redirect(url_for("reports.slot", slot_id=slot_id))


@bp.post("/slots/<int:slot_id>/return")
@permission_required("reports.manage")
def return_report(slot_id):
    """Ask the unit to supplement its report, with a comment."""
    reporting.return_report(slot_id, current_user, request.form.get("comment"))
    flash("Đã yêu cầu đơn vị bổ sung báo cáo; bí thư chi bộ đã được thông báo.", "success")
    return redirect(url_for("reports.slot", slot_id=slot_id))


@bp.post("/slots/<int:slot_id>/accept")
@permission_required("reports.manage")
def accept(slot_id):
    """Accept the unit's report."""
    reporting.accept_report(slot_id, current_user, request.form.get("comment"))
    flash("Đã tiếp nhận báo cáo.", "success")
    return redirect(url_for("reports.slot", slot_id=slot_id))
