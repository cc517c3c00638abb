"""Exports of confirmations (CSV with BOM for Excel, XLSX): one row per account asked and material, within the
caller's tracking scope."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Acknowledgement, Unit, User

from .acknowledgements import tracking_units
from .reads import audience_accounts_query, audience_unit_ids, live_materials

EXPORT_HEADER = ["Tài liệu", "Phiên bản", "Đơn vị", "Đảng viên", "Tên đăng nhập", "Xác nhận lúc", "Ghi chú"]


def _fmt(moment):
    """dd/mm/yyyy HH:MM in Vietnam time."""
    from portal.formatting import format_datetime

    return format_datetime(moment)


def export_rows(user, material=None):
    """Rows of confirmations (one per audience member and material) within the user's tracking scope."""
    scope = tracking_units(user)
    materials = [material] if material is not None else live_materials()
    rows = []
    for item in materials:
        acks = {}
        for ack in db.session.scalars(
            select(Acknowledgement).where(Acknowledgement.material_id == item.id).order_by(Acknowledgement.version)
        ):
            acks[(ack.user_id, ack.version)] = ack
            acks[(ack.user_id, "last")] = ack
        unit_ids = audience_unit_ids(item) if scope is None else [u for u in audience_unit_ids(item) if u in scope]
        for member in db.session.scalars(
            audience_accounts_query(unit_ids)
            .join(Unit, Unit.id == User.unit_id)
            .order_by(Unit.code, User.full_name, User.username)
        ):
            rows.append(_export_row(item, member, acks))
    return rows


def _export_row(material, member, acks):
    """One export row: the confirmation of the current version, or 'chưa' with a note about an older one."""
    current = acks.get((member.id, material.version))
    last = acks.get((member.id, "last"))
    note = ""
    if current is None and last is not None:
        note = f"Đã xác nhận phiên bản {last.version} lúc {_fmt(last.at)}"
    return [
        material.title,
        material.version,
        member.unit.name if member.unit else "",
        member.display_name,
        member.username,
        _fmt(current.at) if current else "chưa",
        note,
    ]


def export_csv(user, material=None):
    """CSV bytes (UTF-8 with BOM, so Excel shows Vietnamese) of the confirmations, through the one export writer."""
    from portal.services.reporting.exports import csv_bytes

    return csv_bytes([EXPORT_HEADER, *export_rows(user, material)])


def export_xlsx(user, material=None):
    """XLSX bytes of the confirmations, through the one export writer."""
    from portal.services.reporting.exports import xlsx_bytes

    rows = [EXPORT_HEADER, *export_rows(user, material)]
    return xlsx_bytes(rows, "Xác nhận quán triệt", widths=(50, 10, 36, 28, 18, 18, 40), freeze="A2")
