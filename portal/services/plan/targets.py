"""Targets as indicators: values reported per period and unit with evidence, series and a server-side SVG chart."""

from html import escape

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.formatting import format_number, format_quantity
from portal.models.base import utcnow
from portal.models.plan import TargetValue
from portal.models.reporting import ReportingPeriod
from portal.security import can_see_document, has_permission, secretary_unit_id
from portal.services import audit
from portal.services.plan.common import is_plan_editor
from portal.text.quantities import QuantityError, parse_quantity

COLORS = ("#a4161a", "#1d4e89", "#2d6a4f", "#b5651d", "#5a189a", "#6c757d")


def read_value(target, raw, status=400):
    """A typed value for a target, read by the one parser of typed numbers and checked against the target's unit.

    Percentages lie between 0 and 100 and no value is negative; ValidationFailed with a Vietnamese message otherwise.
    """
    try:
        number = parse_quantity(raw, target.code)
    except QuantityError as err:
        raise ValidationFailed(err.message, status=status) from None
    if number < 0:
        raise ValidationFailed(f"Giá trị chỉ tiêu {target.code} không được âm.", status=status)
    if target.unit == "%" and number > 100:
        raise ValidationFailed(f"Giá trị phần trăm của chỉ tiêu {target.code} phải từ 0 đến 100.", status=status)
    return number


def write_target_value(target, unit_id, raw, *, user, period_id=None, evidence_document_id=None, note=None):
    """The one writer of TargetValue (inside the caller's transaction, no commit): checked, then one row per target,
    unit and period (a later value for the same period replaces the earlier one; values without a period add a point).
    """
    number = read_value(target, raw, status=422)
    row = None
    if period_id is not None:
        row = db.session.scalar(
            select(TargetValue).where(
                TargetValue.target_id == target.id, TargetValue.unit_id == unit_id, TargetValue.period_id == period_id
            )
        )
    if row is None:
        row = TargetValue(target_id=target.id, unit_id=unit_id, period_id=period_id, value=number)
        db.session.add(row)
    row.value, row.evidence_document_id = number, evidence_document_id
    row.note, row.reported_by_id, row.reported_at = (note or "").strip() or None, user.id, utcnow()
    db.session.flush()
    return row


def _check_reporter(user, unit):
    """Secretariat reports for any unit; a branch secretary only for their own chi bộ."""
    if not has_permission(user, "targets.report"):
        raise NotAllowed("Đồng chí không có quyền báo cáo giá trị chỉ tiêu.")
    if unit is None:
        raise ValidationFailed("Chưa chọn đơn vị báo cáo.")
    if not is_plan_editor(user) and secretary_unit_id(user) != unit.id:
        raise NotAllowed("Bí thư chi bộ chỉ báo cáo giá trị chỉ tiêu của chi bộ mình.")


def report_target_value(target, unit, value, evidence_document, user, period=None, note=None):
    """Record a target's value for a unit (and period) with an evidence document the reporter can see; audited."""
    _check_reporter(user, unit)
    number = read_value(target, value)
    if evidence_document is None:
        raise ValidationFailed("Cần chọn văn bản minh chứng cho giá trị báo cáo.")
    if not can_see_document(user, evidence_document.id):
        raise NotFound("Không tìm thấy văn bản minh chứng hoặc đồng chí không có quyền xem văn bản này.")
    if period is not None and not isinstance(period, ReportingPeriod):
        period = db.session.get(ReportingPeriod, int(period))
        if period is None:
            raise ValidationFailed("Không tìm thấy kỳ báo cáo đã chọn.")
    begin_write()
    row = write_target_value(
        target,
        unit.id,
        number,
        user=user,
        period_id=period.id if period else None,
        evidence_document_id=evidence_document.id,
        note=note,
    )
    audit.record(
        "plan.target_value",
        row,
        user=user,
        summary=f"Báo cáo chỉ tiêu {target.code}: {format_quantity(number, target.unit)} ({unit.name})",
        after={
            "target": target.code,
            "unit": unit.code,
            "value": number,
            "evidence": evidence_document.id,
            "period": period.id if period else None,
        },
    )
    db.session.commit()
    return row


def _label(row):
    """A point's x label: the reporting period title, else the report date dd/mm/yyyy."""
    period = db.session.get(ReportingPeriod, row.period_id) if row.period_id else None
    return period.title if period else row.reported_at.strftime("%d/%m/%Y")


def target_series(target):
    """The target's reported values: all points in time order, one series per unit, and the latest per unit."""
    rows = list(
        db.session.scalars(
            select(TargetValue)
            .where(TargetValue.target_id == target.id)
            .order_by(TargetValue.reported_at, TargetValue.id)
        )
    )
    points = [
        {
            "id": r.id,
            "label": _label(r),
            "at": r.reported_at,
            "unit": r.unit.name,
            "unit_code": r.unit.code,
            "value": r.value,
            "evidence_id": r.evidence_document_id,
            "note": r.note,
        }
        for r in rows
    ]
    series = {}
    for point in points:
        series.setdefault(point["unit"], []).append(point)
    latest = {unit: items[-1] for unit, items in series.items()}
    return {
        "target": target,
        "goal": target.value,
        "unit": target.unit,
        "baseline": target.baseline,
        "points": points,
        "series": series,
        "latest": latest,
    }


def _fmt(value):
    """A number in Vietnamese form (87,5), through the one formatting home."""
    return format_number(value, 2)


def target_chart_svg(target, width=640, height=320):
    """A line chart of the target's values per unit with the goal and baseline lines, as standalone SVG markup."""
    data = target_series(target)
    values = [p["value"] for p in data["points"]] + [v for v in (data["goal"], data["baseline"]) if v is not None]
    top = 100.0 if target.unit == "%" else max(values + [1.0]) * 1.1
    left, right, upper, lower = 48, width - 16, 24, height - 48
    n = max((len(s) for s in data["series"].values()), default=1)

    def x(i):
        return left + (right - left) * (i + 0.5) / max(n, 1)

    def y(v):
        return lower - (lower - upper) * (v / top if top else 0)

    unit = escape(target.unit or "")
    title = escape(f"Tiến độ chỉ tiêu {target.code}")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="progress-chart" role="img" aria-label="{title}"><title>{title}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<line x1="{left}" y1="{lower}" x2="{right}" y2="{lower}" stroke="#888"/>',
        f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{lower}" stroke="#888"/>',
    ]
    for tick in (0, top / 2, top):
        out.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" fill="#444">{_fmt(round(tick, 1))}{unit}</text>'
        )
    for name, value, color in (("Mục tiêu", data["goal"], "#2d6a4f"), ("Cơ sở", data["baseline"], "#6c757d")):
        if value is not None:
            out.append(
                f'<line x1="{left}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" stroke="{color}" stroke-dasharray="6 4"/>'
            )
            label = f"{name}{' ' + str(target.year) if name == 'Mục tiêu' and target.year else ''}: {_fmt(value)}{target.unit or ''}"
            out.append(
                f'<text x="{right}" y="{y(value) - 4:.1f}" font-size="11" text-anchor="end" fill="{color}">{escape(label)}</text>'
            )
    for k, (unit_name, items) in enumerate(data["series"].items()):
        color = COLORS[k % len(COLORS)]
        coords = " ".join(f"{x(i):.1f},{y(p['value']):.1f}" for i, p in enumerate(items))
        out.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, p in enumerate(items):
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(p["value"]):.1f}" r="4" fill="{color}"><title>{escape(unit_name)}, '
                f"{escape(p['label'])}: {_fmt(p['value'])}{unit}</title></circle>"
            )
            out.append(
                f'<text x="{x(i):.1f}" y="{y(p["value"]) - 8:.1f}" font-size="11" text-anchor="middle" fill="{color}">{_fmt(p["value"])}</text>'
            )
        out.append(
            f'<text x="{left + 4 + 160 * k}" y="{height - 12}" font-size="11" fill="{color}">■ {escape(unit_name)}</text>'
        )
    if not data["points"]:
        out.append(
            f'<text x="{(left + right) / 2}" y="{(upper + lower) / 2}" font-size="13" text-anchor="middle" fill="#666">Chưa có giá trị nào được báo cáo</text>'
        )
    out.append("</svg>")
    return "".join(out)
