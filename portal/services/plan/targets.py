"""Targets as indicators: values reported per period and unit with evidence, series and a server-side SVG chart."""

import re
from html import escape

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models.documents import Document
from portal.models.plan import TargetValue
from portal.models.reporting import ReportingPeriod
from portal.security import can_see_document, has_permission, secretary_unit_id, visible_document_ids
from portal.services import audit
from portal.services.plan.common import is_plan_editor

COLORS = ("#a4161a", "#1d4e89", "#2d6a4f", "#b5651d", "#5a189a", "#6c757d")


def parse_value(raw):
    """A reported number: 87,5 / 87.5 / "87,5 %" -> 87.5; ValidationFailed otherwise."""
    if isinstance(raw, (int, float)):
        return float(raw)
    text = re.sub(r"\s|%", "", str(raw or ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValidationFailed(f"Giá trị “{raw}” không phải là số; nhập ví dụ 87,5.") from None


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
    number = parse_value(value)
    if number < 0 or (target.unit == "%" and number > 100):
        raise ValidationFailed(
            "Giá trị phần trăm phải từ 0 đến 100." if target.unit == "%" else "Giá trị không được âm."
        )
    if evidence_document is None:
        raise ValidationFailed("Cần chọn văn bản minh chứng cho giá trị báo cáo.")
    if not can_see_document(user, evidence_document.id):
        raise NotFound("Không tìm thấy văn bản minh chứng hoặc đồng chí không có quyền xem văn bản này.")
    if period is not None and not isinstance(period, ReportingPeriod):
        period = db.session.get(ReportingPeriod, int(period))
        if period is None:
            raise ValidationFailed("Không tìm thấy kỳ báo cáo đã chọn.")
    begin_write()
    row = TargetValue(
        target_id=target.id,
        unit_id=unit.id,
        value=number,
        evidence_document_id=evidence_document.id,
        period_id=period.id if period else None,
        note=(note or "").strip() or None,
        reported_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "plan.target_value",
        row,
        user=user,
        summary=f"Báo cáo chỉ tiêu {target.code}: {number:g}{target.unit or ''} ({unit.name})",
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


def target_series(target, user=None):
    """The target's reported values: all points in time order, one series per unit, and the latest per unit."""
    rows = list(
        db.session.scalars(
            select(TargetValue)
            .where(TargetValue.target_id == target.id)
            .order_by(TargetValue.reported_at, TargetValue.id)
        )
    )
    shown = set()
    if user is not None:  # evidence the reader may not open is neither named nor linked
        wanted = {r.evidence_document_id for r in rows if r.evidence_document_id}
        shown = set(db.session.scalars(visible_document_ids(user).where(Document.id.in_(wanted)))) if wanted else set()
    points = [
        {
            "id": r.id,
            "label": _label(r),
            "at": r.reported_at,
            "unit": r.unit.name,
            "unit_code": r.unit.code,
            "value": r.value,
            "evidence_id": r.evidence_document_id if user is None or r.evidence_document_id in shown else None,
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
    """A number in Vietnamese form (87,5)."""
    return f"{value:g}".replace(".", ",")


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
