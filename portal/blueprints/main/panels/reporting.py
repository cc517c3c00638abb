"""Home panels of the reporting area: what each role must do about reports and inspection findings."""

from flask import current_app, url_for

from portal.clock import today_local
from portal.security import has_permission, secretary_unit_id
from portal.services.reporting import (
    awaiting_acceptance,
    due_soon_slots,
    findings,
    open_slots_of_unit,
    overdue_slots,
)

from .cards import Panel, PanelItem

MAX_ITEMS = 8


def panels(user):
    """Panels for the branch secretary, the secretariat and the inspection committee."""
    panels = []
    if has_permission(user, "reports.submit") and secretary_unit_id(user):
        panels.append(_secretary_panel(user))
        own = _own_findings_panel(user)
        if own:
            panels.append(own)
    if has_permission(user, "reports.manage"):
        panels.extend(_secretariat_panels(user))
    if has_permission(user, "findings.manage"):
        panels.append(_inspector_panel(user))
    return panels


def _slot_item(slot, today):
    """A line for a slot: period, unit, deadline; red when overdue."""
    period = slot.period
    overdue = period.deadline < today
    note = f"Hạn nộp {period.deadline:%d/%m/%Y}" + (" · quá hạn" if overdue else "")
    if slot.status == "yeu_cau_bo_sung":
        note += " · yêu cầu bổ sung" + (f": {slot.review_comment}" if slot.review_comment else "")
    return PanelItem(
        f"{period.title} — {slot.unit.name}",
        url_for("reports.slot", slot_id=slot.id),
        note,
        urgent=overdue or slot.status == "yeu_cau_bo_sung",
    )


def _secretary_panel(user):
    """The branch's slots still owing a report (returned ones included), overdue in red."""
    today = today_local()
    slots = open_slots_of_unit(secretary_unit_id(user))
    items = [_slot_item(s, today) for s in slots[:MAX_ITEMS]]
    return Panel(
        "reports_own",
        "Báo cáo định kỳ cần nộp",
        items,
        count=len(slots),
        empty="Chi bộ không có báo cáo nào đang chờ nộp.",
        urgent=any(i.urgent for i in items),
        more_url=url_for("reports.index"),
        more_label="Tất cả đợt báo cáo",
        order=10,
    )


def _own_findings_panel(user):
    """Open findings about the secretary's branch (to remedy), or None."""
    rows = findings.open_findings_for_unit(secretary_unit_id(user))
    if not rows:
        return None
    today = today_local()
    items = [_finding_item(f, today) for f in rows[:MAX_ITEMS]]
    return Panel(
        "findings_own",
        "Kết luận kiểm tra cần khắc phục",
        items,
        count=len(rows),
        urgent=any(i.urgent for i in items),
        more_url=url_for("reports.inspection"),
        more_label="Xem kết luận kiểm tra",
        order=15,
    )


def _secretariat_panels(user):
    """Slots overdue or due soon, and submissions waiting to be accepted."""
    today = today_local()
    late = overdue_slots(user, today)
    soon = due_soon_slots(user, today, current_app.config["DUE_SOON_DAYS"])
    waiting = awaiting_acceptance(user)
    due_items = [_slot_item(s, today) for s in (late + soon)[:MAX_ITEMS]]
    waiting_items = [
        PanelItem(
            f"{s.period.title} — {s.unit.name}",
            url_for("reports.slot", slot_id=s.id),
            ("Nộp muộn" if s.status == "nop_muon" else "Đã nộp")
            + (f" lúc {s.submitted_at:%d/%m/%Y}" if s.submitted_at else ""),
        )
        for s in waiting[:MAX_ITEMS]
    ]
    return [
        Panel(
            "reports_due",
            "Đơn vị chưa nộp báo cáo (quá hạn, sắp đến hạn)",
            due_items,
            count=len(late) + len(soon),
            empty="Không có đơn vị nào quá hạn hoặc sắp đến hạn.",
            urgent=bool(late),
            more_url=url_for("reports.monitor"),
            more_label="Theo dõi tình hình nộp",
            order=12,
        ),
        Panel(
            "reports_waiting",
            "Báo cáo chờ tiếp nhận",
            waiting_items,
            count=len(waiting),
            empty="Không có báo cáo nào chờ tiếp nhận.",
            more_url=url_for("reports.index"),
            more_label="Các đợt báo cáo",
            order=13,
        ),
    ]


def _finding_item(finding, today):
    """A line for a finding: unit, title, follow-up deadline; red when overdue."""
    overdue = bool(finding.follow_up_deadline and finding.follow_up_deadline < today)
    note = f"Hạn khắc phục {finding.follow_up_deadline:%d/%m/%Y}" if finding.follow_up_deadline else "Chưa đặt hạn"
    if overdue:
        note += " · quá hạn"
    return PanelItem(
        f"{finding.unit.name}: {finding.title}", url_for("reports.finding", finding_id=finding.id), note, urgent=overdue
    )


def _inspector_panel(user):
    """Findings whose follow-up deadline has passed without remedy."""
    today = today_local()
    rows = findings.overdue_findings(today)
    items = [_finding_item(f, today) for f in rows[:MAX_ITEMS]]
    return Panel(
        "findings_overdue",
        "Kết luận kiểm tra quá hạn khắc phục",
        items,
        count=len(rows),
        empty="Không có kết luận kiểm tra nào quá hạn khắc phục.",
        urgent=bool(rows),
        more_url=url_for("reports.inspection"),
        more_label="Kiểm tra, giám sát",
        order=11,
    )
