"""Home panels of the materials area: what to study (everyone asked), branch follow-up (secretary), rates (secretariat)."""

from flask import url_for

from portal.formatting import format_date
from portal.security import has_permission, secretary_unit_id
from portal.services import materials

from .cards import Panel, PanelItem

SHOWN = 8


def panels(user):
    """Materials to study, the branch's unconfirmed accounts, and recent confirmation rates."""
    out = []
    pending = materials.pending_for(user)
    if pending or user.has_role("member"):
        out.append(_pending_panel(pending))
    if secretary_unit_id(user) is not None:
        out.append(_branch_panel(user))
    if has_permission(user, "materials.manage"):
        out.append(_rates_panel())
    return out


def _pending_panel(pending):
    """Materials the user still has to study; overdue ones in red."""
    items = []
    for material in pending[:SHOWN]:
        overdue = materials.is_overdue(material)
        if overdue:
            note = f"Quá hạn từ {format_date(material.deadline)}"
        elif material.deadline:
            note = f"Hạn {format_date(material.deadline)}"
        else:
            note = "Không có hạn"
        items.append(PanelItem(material.title, url_for("materials.detail", material_id=material.id), note, overdue))
    return Panel(
        "materials-pending",
        "Tài liệu cần nghiên cứu, quán triệt",
        items,
        count=len(pending),
        empty="Đồng chí đã xác nhận quán triệt tất cả tài liệu.",
        urgent=any(i.urgent for i in items),
        more_url=url_for("materials.index"),
        more_label="Tất cả tài liệu quán triệt",
        order=10,
    )


def _branch_panel(user):
    """The secretary's branch: unconfirmed accounts per live material."""
    items = [
        PanelItem(
            material.title,
            url_for("materials.tracking", material_id=material.id),
            f"{missing} đảng viên của chi bộ chưa xác nhận",
            urgent=overdue,
        )
        for material, missing, overdue in materials.branch_follow_up(user)
    ]
    return Panel(
        "materials-branch",
        "Chi bộ: theo dõi quán triệt tài liệu",
        items,
        count=len(items),
        empty="Toàn bộ đảng viên của chi bộ đã xác nhận.",
        urgent=any(i.urgent for i in items),
        order=20,
    )


def _rates_panel():
    """Confirmation rates of the most recent live materials."""
    items = []
    for material, stats, overdue in materials.recent_rates():
        share = f"{stats['rate'] * 100:.0f}%" if stats["rate"] is not None else "—"
        items.append(
            PanelItem(
                material.title,
                url_for("materials.tracking", material_id=material.id),
                f"Đã xác nhận {stats['acknowledged']}/{stats['total']} ({share})",
                urgent=overdue and stats["acknowledged"] < stats["total"],
            )
        )
    return Panel(
        "materials-rates",
        "Tỷ lệ xác nhận quán triệt",
        items,
        empty="Chưa có tài liệu nào được phát hành.",
        more_url=url_for("materials.index"),
        more_label="Quản lý tài liệu quán triệt",
        order=30,
    )
