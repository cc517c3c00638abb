"""Routes for plan targets: the indicator page, its SVG chart, and reporting a value."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.services import documents
from portal.services import plan as plan_service
from portal.services.accounts import directory

from ...errors import NotFound
from ...ids import id_value
from ...security import permission_required
from .blueprint import bp


def _target(code):
    """The target with this code in the plan chosen by ?plan= (default: the latest)."""
    return plan_service.target_by_code(code, plan_service.get_plan(request.args.get("plan", type=id_value)))


def _report_units():
    """Units the current user may report for: all chi bộ for the secretariat, their own for a branch secretary."""
    return plan_service.units_reportable_by(current_user)


@bp.get("/targets/<code>")
@permission_required("plan.read")
def target(code):
    """A target as an indicator: values table, progress chart (inline SVG) and the reporting form."""
    item = _target(code)
    units = _report_units()
    return render_template(
        "plan/target.html",
        target=item,
        plan=plan_service.get_plan(item.plan_id),
        series=plan_service.target_series(item, current_user),
        chart=Markup(plan_service.target_chart_svg(item)),  # nosec B704  # SVG built server-side, every text escaped
        units=units,
        evidence=plan_service.evidence_choices(current_user) if units else [],
    )


@bp.get("/targets/<code>/chart.svg")
@permission_required("plan.read")
def target_chart(code):
    """The target's progress chart as image/svg+xml."""
    return Response(plan_service.target_chart_svg(_target(code)), mimetype="image/svg+xml")


@bp.post("/targets/<code>/values")
@permission_required("targets.report")
def report_value(code):
    """Report a target value for a unit with an evidence document."""
    item = _target(code)
    unit = directory.get_unit(request.form.get("unit_id", type=id_value))
    evidence = documents.live_document(request.form.get("evidence_id", type=id_value))
    if request.form.get("evidence_id") and evidence is None:
        raise NotFound("Không tìm thấy văn bản minh chứng.")
    plan_service.report_target_value(
        item,
        unit,
        request.form.get("value"),
        evidence,
        current_user,
        period=request.form.get("period_id", type=id_value),
        note=request.form.get("note"),
    )
    flash(f"Đã ghi nhận giá trị chỉ tiêu {item.code}.", "success")
    return redirect(url_for("plan.target", code=item.code, plan=item.plan_id))
