"""Writing materials: the Markdown rendered once on save, validation, create and edit, publish, revise, withdraw, delete.

A change to the title or body of a published material bumps its version, so the audience confirms it again; the old
confirmations stay for the record.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import select

from portal.clock import utcnow
from portal.database import begin_write
from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.models import Material, MaterialDocument, MaterialTask, MaterialUnit
from portal.models.documents import Document
from portal.models.plan import Plan, PlanTask
from portal.security import visible_document_ids
from portal.services import audit
from portal.services.accounts.units import units_by_codes
from portal.text.codes import code_list
from portal.text.dates import parse_user_date

from . import notices
from .common import (
    FALLBACK_PREFIX,
    MAX_BODY_BYTES,
    MAX_TITLE,
    RENDER_TIMEOUT,
    TOO_COMPLEX,
    TOO_LARGE,
    enqueue_index,
    require_manager,
)
from .notifications import notify_published, notify_revision


def _resolve_units(codes):
    """Unit rows for codes (the one unit lookup); an unknown code is a ValidationFailed."""
    return units_by_codes(code_list(codes))


def _resolve_documents(refs, user):
    """Document ids from ids or document numbers (số hiệu); only documents the user may see are accepted."""
    from portal.text.numbers import number_key

    ids = []
    for ref in code_list(refs):
        query = visible_document_ids(user)
        if ref.isdigit():
            found = db.session.scalar(query.where(Document.id == int(ref)))
        else:
            key = number_key(ref)
            found = (
                db.session.scalar(query.where(Document.number_key == key).order_by(Document.id.desc()).limit(1))
                if key
                else None
            )
        if found is None:
            raise ValidationFailed(f"Không tìm thấy văn bản “{ref}” hoặc đồng chí không có quyền xem văn bản này.")
        if found not in ids:
            ids.append(found)
    return ids


def _resolve_tasks(codes, plan_id=None):
    """Plan tasks by code (II.2.3) in the chosen plan, or the latest plan holding the code."""
    tasks = []
    for code in code_list(codes):
        query = select(PlanTask).join(Plan, Plan.id == PlanTask.plan_id).where(PlanTask.code == code)
        if plan_id:
            query = query.where(PlanTask.plan_id == int(plan_id))
        task = db.session.scalar(query.order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1))
        if task is None:
            raise ValidationFailed(f"Không tìm thấy nhiệm vụ “{code}” trong kế hoạch.")
        if task not in tasks:
            tasks.append(task)
    return tasks


def render_body(body_md):
    """Sanitised HTML of the Markdown body, within the size and time limits; ValidationFailed otherwise."""
    from portal.extraction import render_markdown

    body_md = body_md or ""
    if len(body_md.encode("utf-8")) > MAX_BODY_BYTES:
        raise ValidationFailed(TOO_LARGE)
    if not body_md.strip():
        return ""
    timeout = (
        current_app.config.get("MATERIALS_RENDER_TIMEOUT", RENDER_TIMEOUT) if has_app_context() else RENDER_TIMEOUT
    )
    html = render_markdown(body_md, max_chars=MAX_BODY_BYTES, timeout=timeout)
    if html.startswith(FALLBACK_PREFIX):
        raise ValidationFailed(TOO_COMPLEX)
    return html


def preview(body_md):
    """(html, message) for the live preview: the sanitised HTML, or an empty string and the Vietnamese reason."""
    try:
        return render_body(body_md), None
    except ValidationFailed as error:
        return "", error.message


@dataclass
class _Clean:
    """Validated form fields."""

    title: str
    summary: str | None
    body_md: str
    audience_all: bool
    units: list
    publish_on: date | None
    deadline: date | None
    document_ids: list | None
    tasks: list | None


def _clean(fields, user, material):
    """Validate and resolve the fields of a save; missing keys keep the material's current values."""

    def get(key, default=None):
        return fields[key] if key in fields else default

    title = " ".join(str(get("title", material.title if material else "") or "").split())
    if not title:
        raise ValidationFailed("Chưa nhập tiêu đề tài liệu.")
    if len(title) > MAX_TITLE:
        raise ValidationFailed(f"Tiêu đề tài liệu dài quá {MAX_TITLE} ký tự.")
    body_md = str(get("body_md", material.body_md if material else "") or "").replace("\r\n", "\n")
    if len(body_md.encode("utf-8")) > MAX_BODY_BYTES:
        raise ValidationFailed(TOO_LARGE)
    summary = str(get("summary", material.summary if material else "") or "").strip() or None
    audience = get("audience", None)
    unit_codes = get("unit_codes", None)
    if audience is None and unit_codes is None and material is not None:
        audience_all, units = material.audience_all, [row.unit for row in material.unit_rows]
    else:
        audience_all = audience != "units" and not (audience is None and code_list(unit_codes))
        units = [] if audience_all else _resolve_units(unit_codes)
        if not audience_all and not units:
            raise ValidationFailed("Chọn ít nhất một đơn vị nhận tài liệu, hoặc chọn “Toàn thể cán bộ, đảng viên”.")
    publish_on = parse_user_date(get("publish_on", material.publish_on if material else None), "Ngày phát hành")
    deadline = parse_user_date(get("deadline", material.deadline if material else None), "Hạn nghiên cứu")
    if deadline and publish_on and deadline < publish_on:
        raise ValidationFailed("Hạn nghiên cứu, quán triệt không được trước ngày phát hành.")
    documents = _resolve_documents(get("document_ids"), user) if "document_ids" in fields else None
    tasks = _resolve_tasks(get("task_codes"), get("plan_id")) if "task_codes" in fields else None
    return _Clean(title, summary, body_md, audience_all, units, publish_on, deadline, documents, tasks)


def _snapshot(material):
    """The audited fields of a material."""
    return {
        "title": material.title,
        "version": material.version,
        "status": material.status,
        "audience_all": material.audience_all,
        "units": sorted(r.unit_id for r in material.unit_rows),
        "publish_on": material.publish_on.isoformat() if material.publish_on else None,
        "deadline": material.deadline.isoformat() if material.deadline else None,
        "documents": sorted(r.document_id for r in material.document_rows),
        "tasks": sorted(r.task_id for r in material.task_rows),
    }


def _apply(material, clean):
    """Copy the clean fields onto the material and its link rows."""
    material.title, material.summary, material.body_md = clean.title, clean.summary, clean.body_md
    material.audience_all, material.publish_on, material.deadline = clean.audience_all, clean.publish_on, clean.deadline
    material.unit_rows = _sync(material.unit_rows, "unit_id", [u.id for u in clean.units], MaterialUnit)
    if clean.document_ids is not None:
        attached = [r.document_id for r in material.document_rows if r.is_attachment]
        wanted = clean.document_ids + [i for i in attached if i not in clean.document_ids]
        material.document_rows = _sync(material.document_rows, "document_id", wanted, MaterialDocument)
    if clean.tasks is not None:
        material.task_rows = _sync(material.task_rows, "task_id", [t.id for t in clean.tasks], MaterialTask)


def _sync(rows, key, wanted, model):
    """Rows for the wanted ids, reusing existing rows (a delete-then-insert would hit the unique constraints)."""
    existing = {getattr(r, key): r for r in rows}
    return [existing.get(i) or model(**{key: i}) for i in wanted]


def save_material(fields, user, material=None):
    """Create (material=None) or edit a material; renders the Markdown once. Editing a published one is a revise()."""
    require_manager(user)
    if material is not None and material.deleted_at is not None:
        raise Conflict("Tài liệu đã bị xóa.")
    clean = _clean(fields, user, material)
    changed_text = material is None or clean.body_md != material.body_md or clean.title != material.title
    body_html = (
        render_body(clean.body_md) if (material is None or clean.body_md != material.body_md) else material.body_html
    )
    begin_write()
    before = _snapshot(material) if material is not None else None
    if material is None:
        material = Material(status="draft", version=1, created_by_id=user.id)
        db.session.add(material)
    _apply(material, clean)
    material.body_html = body_html
    bumped = material.status == "published" and before is not None and changed_text
    if bumped:
        material.version += 1
        material.revised_at = utcnow()
    db.session.flush()
    action = "material.create" if before is None else ("material.revise" if bumped else "material.update")
    audit.record(
        action,
        material,
        user=user,
        summary=f"{_ACTION_LABEL[action]}: {material.title}",
        before=before,
        after=_snapshot(material),
    )
    if material.status == "published":
        enqueue_index(material)
        notices.follow_date(material)
    if bumped:
        notify_revision(material)
    db.session.commit()
    return material


_ACTION_LABEL = {
    "material.create": "Soạn tài liệu quán triệt",
    "material.update": "Sửa tài liệu quán triệt",
    "material.revise": "Sửa đổi tài liệu đã phát hành (phiên bản mới)",
}


def revise(material, fields, user):
    """Edit a published material: a change to its title or body makes a new version that members confirm again."""
    if material.status != "published":
        raise Conflict("Chỉ sửa đổi phiên bản được với tài liệu đã phát hành.")
    return save_material(fields, user, material)


def publish(material, user):
    """Publish a draft: visible to its audience from its publish date; the audience is notified."""
    require_manager(user)
    if material.deleted_at is not None:
        raise Conflict("Tài liệu đã bị xóa.")
    if material.status == "published":
        raise Conflict("Tài liệu đã được phát hành.")
    if not (material.body_md or "").strip() and not material.document_rows:
        raise ValidationFailed("Tài liệu chưa có nội dung hoặc tệp đính kèm, chưa phát hành được.")
    begin_write()
    material.status = "published"
    material.published_at = material.published_at or utcnow()
    audit.record(
        "material.publish",
        material,
        user=user,
        summary=f"Phát hành tài liệu quán triệt: {material.title}",
        after=_snapshot(material),
    )
    enqueue_index(material)
    if not notices.announce_later(material):  # readable today: tell the audience now; otherwise on its day
        notify_published(material)
    db.session.commit()
    return material


def unpublish(material, user):
    """Take a published material back to draft (members no longer see it; confirmations are kept)."""
    require_manager(user)
    if material.status != "published" or material.deleted_at is not None:
        raise Conflict("Tài liệu chưa được phát hành.")
    begin_write()
    material.status = "draft"
    audit.record("material.unpublish", material, user=user, summary=f"Thu hồi tài liệu quán triệt: {material.title}")
    enqueue_index(material)
    notices.withdraw(material)
    db.session.commit()
    return material


def delete(material, user):
    """Soft-delete a material (kept in the database with its confirmations; gone from lists and search)."""
    require_manager(user)
    if material.deleted_at is not None:
        raise Conflict("Tài liệu đã bị xóa.")
    begin_write()
    material.deleted_at = utcnow()
    audit.record("material.delete", material, user=user, summary=f"Xóa tài liệu quán triệt: {material.title}")
    enqueue_index(material, "delete")
    notices.withdraw(material)
    db.session.commit()
    return material
