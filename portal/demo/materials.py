"""Demo material: the dissemination of the CCHC plan and Chỉ thị 21-CT/TU, partly confirmed. Idempotent."""

import os

from sqlalchemy import or_, select

from portal.services import accounts

from ..extensions import db
from ..models import Material
from ..models.documents import Document
from ..models.plan import Plan, PlanTask
from ..text.numbers import number_key

SAMPLE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "samples",
    "materials",
    "quan-triet-ke-hoach-cchc-va-chi-thi-21.md",
)
AUTHOR = "giupviec.ha"
TITLE = "Quán triệt Kế hoạch lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030 và Chỉ thị số 21-CT/TU"
SUMMARY = "Tài liệu sinh hoạt chi bộ (demo): sáu nhóm nhiệm vụ, “6 rõ” và việc đảng viên cần làm."
DEADLINE = "31/12/2026"
# The tasks the material explains when none of the plan's tasks speaks of dissemination itself.
DEFAULT_TASKS = ("II.1.2", "II.2.1", "II.4.5")
CONFIRMED = ("dangvien.an", "dangvien.cuong", "bithu.hcqt")


def _user(username):
    return accounts.user_by_username(username)


def _document_refs():
    """Ids of the plan's document and of Chỉ thị 21-CT/TU, when they were loaded."""
    refs = []
    plan = db.session.scalar(
        select(Plan)
        .where(Plan.title.ilike("%cải cách hành chính%"), Plan.document_id.is_not(None))
        .order_by(Plan.id)
        .limit(1)
    )
    if plan is not None:
        refs.append(plan.document_id)
    for number in ("21-CT/TU", "83-KH/ĐU"):
        found = db.session.scalar(
            select(Document.id)
            .where(Document.number_key == number_key(number), Document.deleted_at.is_(None))
            .order_by(Document.id)
            .limit(1)
        )
        if found is not None and found not in refs:
            refs.append(found)
    return refs, plan


def _task_codes(plan):
    """A few tasks of the plan about dissemination (tuyên truyền, quán triệt, phổ biến)."""
    if plan is None:
        return ""
    tasks = db.session.scalars(
        select(PlanTask)
        .where(
            PlanTask.plan_id == plan.id,
            or_(
                PlanTask.text.ilike("%tuyên truyền%"),
                PlanTask.text.ilike("%quán triệt%"),
                PlanTask.text.ilike("%phổ biến%"),
            ),
        )
        .order_by(PlanTask.id)
        .limit(4)
    ).all()
    if not tasks:
        tasks = db.session.scalars(
            select(PlanTask).where(PlanTask.plan_id == plan.id, PlanTask.code.in_(DEFAULT_TASKS)).order_by(PlanTask.id)
        ).all()
    return ", ".join(t.code for t in tasks)


def load(echo=print):
    """Publish the demo material as giupviec.ha (audience all, deadline 31/12/2026) and record some confirmations."""
    from portal.services import materials as service

    author = _user(AUTHOR)
    if author is None or not os.path.exists(SAMPLE):
        echo("Bỏ qua tài liệu quán triệt mẫu: thiếu tài khoản giupviec.ha hoặc tệp mẫu.")
        return
    material = db.session.scalar(select(Material).where(Material.title == TITLE, Material.deleted_at.is_(None)))
    created = material is None
    if created:
        refs, plan = _document_refs()
        with open(SAMPLE, encoding="utf-8") as handle:
            body = handle.read()
        fields = {
            "title": TITLE,
            "summary": SUMMARY,
            "body_md": body,
            "audience": "all",
            "deadline": DEADLINE,
            "document_ids": [str(i) for i in refs],
            "task_codes": _task_codes(plan),
            "plan_id": plan.id if plan else None,
        }
        material = service.save_material(fields, author)
    elif not material.task_rows:
        _, plan = _document_refs()
        if plan is not None and _task_codes(plan):
            service.save_material({"task_codes": _task_codes(plan), "plan_id": plan.id}, author, material)
    if material.status != "published":
        service.publish(material, author)
    confirmed = 0
    for username in CONFIRMED:
        member = _user(username)
        if member is not None:
            confirmed += service.acknowledge(material, member, "demo")[1]
    echo(f"Tài liệu quán triệt mẫu: {'thêm 1' if created else 'đã có'}; thêm {confirmed} xác nhận.")
