"""Targets as indicators: values reported per period and unit with evidence, series and a server-side SVG chart."""

from datetime import date
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.clock import to_local, today_local
from portal.database import begin_write
from portal.errors import NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.formatting import format_number, format_quantity
from portal.models.base import utcnow
from portal.models.documents import Document
from portal.models.plan import TargetValue
from portal.models.reporting import ReportingPeriod
from portal.security import can_see_document, has_permission, secretary_unit_id, visible_document_ids
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


def _label(row, periods=None):
    """A point's x label: the reporting period title, else the report date dd/mm/yyyy."""
    if periods is not None:
        title = periods.get(row.period_id)
    else:
        period = db.session.get(ReportingPeriod, row.period_id) if row.period_id else None
        title = period.title if period else None
    return title or row.reported_at.strftime("%d/%m/%Y")


def _when(row):
    """A point's place on the time axis: its period's end (or deadline), else the day it was reported."""
    period = db.session.get(ReportingPeriod, row.period_id) if row.period_id else None
    if period is not None:
        return period.ends_on or period.deadline
    return to_local(row.reported_at).date()


def target_series_many(targets, user=None):
    """{target id: target_series(target, user)} for many targets in a fixed number of statements (values with their
    units, period titles, the reader's visible evidence), not several per target."""
    ids = [t.id for t in targets]
    rows_by_target = {i: [] for i in ids}
    if ids:
        rows = db.session.scalars(
            select(TargetValue)
            .where(TargetValue.target_id.in_(ids))
            .options(joinedload(TargetValue.unit))
            .order_by(TargetValue.reported_at, TargetValue.id)
        )
        for row in rows:
            rows_by_target[row.target_id].append(row)
    every_row = [r for rows in rows_by_target.values() for r in rows]
    period_ids = {r.period_id for r in every_row if r.period_id}
    periods = (
        dict(
            db.session.execute(
                select(ReportingPeriod.id, ReportingPeriod.title).where(ReportingPeriod.id.in_(period_ids))
            ).all()
        )
        if period_ids
        else {}
    )
    shown = set()
    if user is not None:  # evidence the reader may not open is neither named nor linked
        wanted = {r.evidence_document_id for r in every_row if r.evidence_document_id}
        shown = set(db.session.scalars(visible_document_ids(user).where(Document.id.in_(wanted)))) if wanted else set()
    return {t.id: _series(t, rows_by_target[t.id], periods, user, shown) for t in targets}


def target_series(target, user=None):
    """The target's reported values: all points in time order, one series per unit, and the latest per unit."""
    return target_series_many([target], user)[target.id]


def _series(target, rows, periods, user, shown):
    points = [
        {
            "id": r.id,
            "label": _label(r, periods),
            "at": r.reported_at,
            "when": _when(r),
            "unit": r.unit.name,
            "unit_code": r.unit.code,
            "value": r.value,
            "evidence_id": r.evidence_document_id if user is None or r.evidence_document_id in shown else None,
            "evidence": _evidence(r, user, shown),
            "note": r.note,
        }
        for r in rows
    ]
    points.sort(key=lambda p: (p["when"], p["at"]))
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


def _evidence(row, user, shown):
    """{"visible", "name"} of a value's evidence for this user; the number and title only when the user may see it."""
    if row.evidence_document_id is None or user is None:
        return None
    if row.evidence_document_id not in shown:
        return {"visible": False, "name": "Văn bản minh chứng không thuộc phạm vi đồng chí được xem"}
    doc = row.evidence
    name = f"{doc.number} {doc.display_title}" if doc.number else doc.display_title
    return {"visible": True, "name": name}


def _fmt(value):
    """A number in Vietnamese form (87,5), through the one formatting home."""
    return format_number(value, 2)


def _spread(positions, gap):
    """Label positions (y, top to bottom) moved apart so that no two are closer than `gap`, order kept."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    for k in range(1, len(order)):
        prev, cur = order[k - 1], order[k]
        if placed[cur] - placed[prev] < gap:
            placed[cur] = placed[prev] + gap
    return placed


def _legend(entries, left, right, top, char_width=6.2, height=16):
    """Legend items laid out in rows that wrap before the right edge: [(x, y, text, color)], rows used."""
    out, x, y, rows = [], left, top, 1
    for text, color in entries:
        width = 18 + char_width * len(text) + 16
        if x > left and x + width > right:
            x, y, rows = left, y + height, rows + 1
        out.append((x, y, text, color))
        x += width
    return out, rows


def target_chart_svg(target, width=720, height=360):
    """A line chart of the target's values per unit on a time axis up to the target year, with the target as a line,
    values labelled without overlapping, and a legend that wraps instead of printing over itself; standalone SVG."""
    data = target_series(target)
    values = [p["value"] for p in data["points"]] + [v for v in (data["goal"], data["baseline"]) if v is not None]
    top = 100.0 if target.unit == "%" else max(values + [1.0]) * 1.15
    entries = [(name, COLORS[k % len(COLORS)]) for k, name in enumerate(data["series"])]
    entries.append((f"Mục tiêu {target.year or 2030}", "#2d6a4f"))
    left, right, upper = 56, width - 20, 24
    legend, rows = _legend(entries, left, right, 0)
    lower = height - 44 - 16 * rows
    dates = [p["when"] for p in data["points"]]
    end_year = max([target.year or 2030] + [d.year for d in dates])
    start = min(dates) if dates else date(today_local().year, 1, 1)
    start = date(start.year, 1, 1)
    end = date(end_year, 12, 31)
    span = max((end - start).days, 1)

    def x(day):
        return left + (right - left) * (day - start).days / span

    def y(v):
        return lower - (lower - upper) * (v / top if top else 0)

    unit = escape(target.unit or "")
    title = escape(f"Tiến độ chỉ tiêu {target.code}")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'class="progress-chart" role="img" aria-label="{title}" font-family="sans-serif">'
        f"<title>{title}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<line x1="{left}" y1="{lower}" x2="{right}" y2="{lower}" stroke="#888"/>',
        f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{lower}" stroke="#888"/>',
    ]
    for tick in (0, top / 2, top):
        out.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" fill="#444">'
            f"{_fmt(round(tick, 1))}{unit}</text>"
        )
    for year in range(start.year, end_year + 1):
        tx = x(date(year, 1, 1))
        out.append(f'<line x1="{tx:.1f}" y1="{lower}" x2="{tx:.1f}" y2="{lower + 4}" stroke="#888"/>')
        out.append(f'<text x="{tx + 2:.1f}" y="{lower + 16}" font-size="11" fill="#444">{year}</text>')
    if data["goal"] is not None:
        gy = y(data["goal"])
        out.append(
            f'<line x1="{left}" y1="{gy:.1f}" x2="{right}" y2="{gy:.1f}" stroke="#2d6a4f" stroke-width="2" '
            f'stroke-dasharray="8 4"/>'
        )
        label = f"Mục tiêu {target.year or 2030}: {format_quantity(data['goal'], target.unit)}"
        out.append(
            f'<text x="{right}" y="{gy - 5:.1f}" font-size="11" text-anchor="end" fill="#2d6a4f">{escape(label)}</text>'
        )
    if data["baseline"] is not None:
        by = y(data["baseline"])
        out.append(
            f'<line x1="{left}" y1="{by:.1f}" x2="{right}" y2="{by:.1f}" stroke="#6c757d" stroke-dasharray="3 3"/>'
        )
        base = f"Cơ sở: {format_quantity(data['baseline'], target.unit)}"
        out.append(f'<text x="{left + 4}" y="{by - 5:.1f}" font-size="11" fill="#6c757d">{escape(base)}</text>')
    labels = []
    for k, (unit_name, items) in enumerate(data["series"].items()):
        color = COLORS[k % len(COLORS)]
        coords = " ".join(f"{x(p['when']):.1f},{y(p['value']):.1f}" for p in items)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>')
        for p in items:
            px, py = x(p["when"]), y(p["value"])
            out.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{color}"><title>{escape(unit_name)}, '
                f"{escape(p['label'])}: {_fmt(p['value'])}{unit}</title></circle>"
            )
            labels.append([px, py - 8, _fmt(p["value"]), color])
    by_x = {}
    for item in labels:
        by_x.setdefault(round(item[0] / 30), []).append(item)
    for group in by_x.values():
        for item, new_y in zip(group, _spread([i[1] for i in group], 13), strict=True):
            item[1] = new_y
    for px, ly, text, color in labels:
        out.append(
            f'<text x="{px + 7:.1f}" y="{ly:.1f}" font-size="11" fill="{color}" '
            f'paint-order="stroke" stroke="#fff" stroke-width="3">{text}</text>'
        )
    for lx, ly, text, color in legend:
        ly = lower + 32 + ly
        dash = ' stroke-dasharray="6 3"' if text.startswith("Mục tiêu") else ""
        out.append(
            f'<line x1="{lx:.1f}" y1="{ly - 4}" x2="{lx + 14:.1f}" y2="{ly - 4}" stroke="{color}" stroke-width="3"{dash}/>'
        )
        out.append(f'<text x="{lx + 18:.1f}" y="{ly}" font-size="11" fill="#222">{escape(text)}</text>')
    if not data["points"]:
        out.append(
            f'<text x="{(left + right) / 2}" y="{(upper + lower) / 2}" font-size="13" text-anchor="middle" fill="#666">'
            "Chưa có giá trị nào được báo cáo</text>"
        )
    out.append("</svg>")
    return "".join(out)
