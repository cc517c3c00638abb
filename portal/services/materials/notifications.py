"""What the materials service tells people: a material to study, a new version, a reminder.

Notifications point at the material (``("material", id)``); the web layer makes the link.
"""

from sqlalchemy import select

from portal.extensions import db
from portal.formatting import format_date
from portal.models import Acknowledgement, User
from portal.services.notifications import notify

from .reads import audience_members, is_live


def target(material):
    """What a notification about the material points at."""
    return ("material", material.id)


def deadline_note(material):
    """'Hạn nghiên cứu, quán triệt: dd/mm/yyyy' or a plain request."""
    if material.deadline:
        return f"Hạn nghiên cứu, quán triệt: {format_date(material.deadline)}."
    return "Đề nghị đồng chí nghiên cứu và xác nhận đã quán triệt."


def notify_published(material):
    """Ask the whole audience to study a material just published."""
    notify(
        audience_members(material),
        f"Tài liệu cần nghiên cứu, quán triệt: {material.title}",
        deadline_note(material),
        target(material),
    )


def notify_reminder(material, accounts):
    """Remind these accounts to confirm the material."""
    notify(accounts, f"Nhắc nghiên cứu, quán triệt: {material.title}", deadline_note(material), target(material))


def notify_revision(material):
    """Ask the people who confirmed an older version to study the new one."""
    ids = set(
        db.session.scalars(
            select(Acknowledgement.user_id).where(
                Acknowledgement.material_id == material.id, Acknowledgement.version < material.version
            )
        )
    )
    if ids and is_live(material):
        users = db.session.scalars(select(User).where(User.id.in_(ids), User.is_active.is_(True))).all()
        notify(
            users,
            f"Tài liệu đã được sửa đổi (phiên bản {material.version}): {material.title}",
            "Đề nghị đồng chí nghiên cứu lại và xác nhận phiên bản mới.",
            target(material),
        )
