"""Routes for plan targets: the indicator page, its SVG chart, and reporting a value."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.services import plan as plan_service

from ...errors import NotFound
from ...extensions import db
from ...models import Document, Unit
from ...security import has_permission, permission_required, secretary_unit_id
from . import bp


def _target(code):
    """The target with this code in the plan chosen by ?plan= (default: the latest)."""
    return plan_service.target_by_code(code, plan_service.get_plan(request.args.get("plan", type=int)))


def _report_units():
    """Units the current user may report for: all chi bộ for the secretariat, their own for a branch secretary."""
    if has_permission(current_user, "plan.edit"):
        return db.session.query(Unit).filter(Unit.kind == "branch", Unit.is_active.is_(True)).order_by(Unit.code).all()
    own = secretary_unit_id(current_user)
    return [db.session.get(Unit, own)] if own and has_permission(current_user, "targets.report") else []


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
    unit = db.session.get(Unit, request.form.get("unit_id", type=int) or 0)
    evidence = db.session.get(Document, request.form.get("evidence_id", type=int) or 0)
    if request.form.get("evidence_id") and evidence is None:
        raise NotFound("Không tìm thấy văn bản minh chứng.")
    plan_service.report_target_value(
        item,
        unit,
        request.form.get("value"),
        evidence,
        current_user,
        period=request.form.get("period_id", type=int),
        note=request.form.get("note"),
    )
    flash(f"Đã ghi nhận giá trị chỉ tiêu {item.code}.", "success")
    return redirect(url_for("plan.target", code=item.code, plan=item.plan_id))
