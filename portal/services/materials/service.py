"""Dissemination materials (tài liệu quán triệt): writing, publishing, revising, confirming, tracking and exporting.

The Markdown is rendered and sanitised once, on save, by ``portal.extraction.render_markdown`` (a limited child
process); views only show the stored ``body_html``. A change to the title or body of a published material bumps its
version, so members who confirmed an older version are asked again; their old confirmations stay for the record.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context, url_for
from sqlalchemy import exists, select

from portal.clock import today_local
from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.formatting import format_ratio
from portal.models import Acknowledgement, Material, MaterialDocument, MaterialTask, MaterialUnit, Unit, User, UserRole
from portal.models.base import utcnow
from portal.models.documents import Document
from portal.models.plan import Plan, PlanTask
from portal.security import (
    has_permission,
    live_material_clause,
    material_audience_clause,
    secretary_unit_id,
    visible_document_ids,
    visible_material_ids,
)
from portal.services import audit
from portal.services.notifications import notify

MAX_BODY_BYTES = 200 * 1024
MAX_TITLE = 300
RENDER_TIMEOUT = 5.0
FALLBACK_PREFIX = '<pre class="markdown-source">'
TOO_LARGE = "Nội dung tài liệu vượt quá 200 KB; vui lòng rút gọn hoặc đưa phần dài thành tệp đính kèm."
TOO_COMPLEX = (
    "Nội dung Markdown quá phức tạp, không hiển thị được trong thời gian cho phép "
    "(ví dụ: lồng danh sách, trích dẫn hoặc ngoặc quá sâu). Vui lòng đơn giản hóa định dạng."
)
NOT_FOUND = "Không tìm thấy tài liệu hoặc đồng chí không có quyền xem tài liệu này."
_DATE_VN = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


# --- look-ups -----------------------------------------------------------------------------------------


def get_visible(material_id, user):
    """The material if the user may read it; NotFound (404) otherwise, the same answer for 'absent' and 'hidden'."""
    try:
        material_id = int(material_id)
    except (TypeError, ValueError):
        raise NotFound(NOT_FOUND) from None
    found = db.session.scalar(
        select(Material).where(Material.id == material_id, Material.id.in_(visible_material_ids(user)))
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def list_visible(user, *, include_drafts=True):
    """Materials the user may read, newest first (the secretariat also sees drafts and scheduled ones)."""
    query = select(Material).where(Material.id.in_(visible_material_ids(user)))
    if not include_drafts:
        query = query.where(Material.status == "published")
    return list(db.session.scalars(query.order_by(Material.published_at.desc().nullsfirst(), Material.id.desc())))


def is_live(material):
    """Published, not deleted, and its publish date reached."""
    today = today_local()
    return (
        material.status == "published"
        and material.deleted_at is None
        and (material.publish_on is None or material.publish_on <= today)
    )


def audience_unit_ids(material):
    """Unit ids of the audience: the chosen units, or every active unit when the audience is everyone."""
    if material.audience_all:
        return list(db.session.scalars(select(Unit.id).where(Unit.is_active.is_(True)).order_by(Unit.id)))
    return sorted(row.unit_id for row in material.unit_rows)


def in_audience(material, user):
    """True when the user's unit is in the material's audience."""
    return material.audience_all or any(row.unit_id == user.unit_id for row in material.unit_rows)


def linked_documents(material, user):
    """(document, is_attachment) pairs of the material the user may see."""
    visible = set(
        db.session.scalars(
            visible_document_ids(user).where(Document.id.in_([row.document_id for row in material.document_rows]))
        )
    )
    return [(row.document, row.is_attachment) for row in material.document_rows if row.document_id in visible]


# --- parsing input --------------------------------------------------------------------------------------


def parse_date(value, label):
    """dd/mm/yyyy (or ISO yyyy-mm-dd, or a date) -> date; empty -> None; anything else -> ValidationFailed."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DATE_VN.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _DATE_ISO.match(text)):
        parts = iso.groups()
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (TypeError, ValueError):
        raise ValidationFailed(
            f"{label} không hợp lệ: “{text}”. Nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
        ) from None


def _split(value):
    """A list from a list, or from text separated by commas, semicolons or new lines."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;\n]", str(value))
    return [item.strip() for item in items if item and item.strip()]


def _resolve_units(codes):
    """Unit rows for codes; an unknown code is a ValidationFailed."""
    units = []
    for code in _split(codes):
        unit = db.session.scalar(select(Unit).where(Unit.code == code.upper()))
        if unit is None:
            raise ValidationFailed(f"Không có đơn vị mã “{code}”.")
        units.append(unit)
    return units


def _resolve_documents(refs, user):
    """Document ids from ids or document numbers (số hiệu); only documents the user may see are accepted."""
    from portal.text.numbers import number_key

    ids = []
    for ref in _split(refs):
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
    for code in _split(codes):
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
        audience_all = audience != "units" and not (audience is None and _split(unit_codes))
        units = [] if audience_all else _resolve_units(unit_codes)
        if not audience_all and not units:
            raise ValidationFailed("Chọn ít nhất một đơn vị nhận tài liệu, hoặc chọn “Toàn thể cán bộ, đảng viên”.")
    publish_on = parse_date(get("publish_on", material.publish_on if material else None), "Ngày phát hành")
    deadline = parse_date(get("deadline", material.deadline if material else None), "Hạn nghiên cứu")
    if deadline and publish_on and deadline < publish_on:
        raise ValidationFailed("Hạn nghiên cứu, quán triệt không được trước ngày phát hành.")
    documents = _resolve_documents(get("document_ids"), user) if "document_ids" in fields else None
    tasks = _resolve_tasks(get("task_codes"), get("plan_id")) if "task_codes" in fields else None
    return _Clean(title, summary, body_md, audience_all, units, publish_on, deadline, documents, tasks)


# --- writing ----------------------------------------------------------------------------------------------


def _require_manager(user):
    """Only the secretariat and administrators write materials."""
    if not has_permission(user, "materials.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc và quản trị viên được soạn, phát hành tài liệu quán triệt.")


def _enqueue(material, action="upsert"):
    """Queue a search index update for the material (same transaction)."""
    from portal.search import jobs

    jobs.enqueue(db.session, "material", material.id, action)


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
    _require_manager(user)
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
        _enqueue(material)
    if bumped:
        _notify_revision(material)
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
    _require_manager(user)
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
    _enqueue(material)
    notify(
        audience_members(material),
        f"Tài liệu cần nghiên cứu, quán triệt: {material.title}",
        _deadline_note(material),
        detail_url(material),
    )
    db.session.commit()
    return material


def unpublish(material, user):
    """Take a published material back to draft (members no longer see it; confirmations are kept)."""
    _require_manager(user)
    if material.status != "published" or material.deleted_at is not None:
        raise Conflict("Tài liệu chưa được phát hành.")
    begin_write()
    material.status = "draft"
    audit.record("material.unpublish", material, user=user, summary=f"Thu hồi tài liệu quán triệt: {material.title}")
    _enqueue(material)
    db.session.commit()
    return material


def delete(material, user):
    """Soft-delete a material (kept in the database with its confirmations; gone from lists and search)."""
    _require_manager(user)
    if material.deleted_at is not None:
        raise Conflict("Tài liệu đã bị xóa.")
    begin_write()
    material.deleted_at = utcnow()
    audit.record("material.delete", material, user=user, summary=f"Xóa tài liệu quán triệt: {material.title}")
    _enqueue(material, "delete")
    db.session.commit()
    return material


def attach_file(material, path, original_name, user):
    """Upload a file through the document service and attach it to the material (audience decides its visibility)."""
    from portal.services import documents as documents_service

    _require_manager(user)
    codes = () if material.audience_all else tuple(r.unit.code for r in material.unit_rows)
    result = documents_service.upload_document(
        path,
        original_name,
        user=user,
        metadata={"title": material.title},
        doc_type="tai_lieu",
        visibility="all" if material.audience_all else "units",
        unit_codes=codes,
    )
    document = getattr(result, "document", result)
    begin_write()
    exists = db.session.scalar(
        select(MaterialDocument).where(
            MaterialDocument.material_id == material.id, MaterialDocument.document_id == document.id
        )
    )
    if exists is None:
        db.session.add(MaterialDocument(material_id=material.id, document_id=document.id, is_attachment=True))
    else:
        exists.is_attachment = True
    audit.record(
        "material.attach",
        material,
        user=user,
        summary=f"Đính kèm “{original_name}” vào tài liệu {material.title}",
        after={"document_id": document.id},
    )
    if material.status == "published":
        _enqueue(material)
    db.session.commit()
    return document


# --- confirming -----------------------------------------------------------------------------------------


def acknowledge(material, user, ip=None):
    """Record 'Tôi đã nghiên cứu, quán triệt' for the current version; (ack, created). Idempotent per version."""
    get_visible(material.id, user)
    if not is_live(material):
        raise Conflict("Tài liệu chưa được phát hành, chưa xác nhận được.")
    if not in_audience(material, user):
        raise Conflict("Tài liệu này không gửi tới đơn vị của đồng chí, không cần xác nhận.")
    existing = ack_for(material, user)
    if existing is not None:
        return existing, False
    begin_write()
    ack = Acknowledgement(material_id=material.id, user_id=user.id, version=material.version, at=utcnow(), ip=ip)
    db.session.add(ack)
    db.session.flush()
    audit.record(
        "material.acknowledge",
        material,
        user=user,
        summary=f"Xác nhận đã nghiên cứu, quán triệt: {material.title} (phiên bản {material.version})",
        after={"version": material.version},
    )
    _read_notifications(material, user)
    db.session.commit()
    return ack, True


def _read_notifications(material, user):
    """The user's notifications about this material are done once it is acknowledged: the badge drops."""
    from sqlalchemy import update

    from portal.models import Notification

    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.url.in_([detail_url(material), f"/materials/{material.id}"]),
        )
        .values(read_at=utcnow())
    )


def ack_for(material, user, version=None):
    """The user's confirmation of this version (default: the current one), or None."""
    return db.session.scalar(
        select(Acknowledgement).where(
            Acknowledgement.material_id == material.id,
            Acknowledgement.user_id == user.id,
            Acknowledgement.version == (version or material.version),
        )
    )


def ack_status(material, user):
    """{'acknowledged': ack for the current version or None, 'previous': the latest older ack or None, 'needs_ack'}."""
    current = ack_for(material, user)
    previous = None
    if current is None:
        previous = db.session.scalar(
            select(Acknowledgement)
            .where(
                Acknowledgement.material_id == material.id,
                Acknowledgement.user_id == user.id,
            )
            .order_by(Acknowledgement.version.desc())
            .limit(1)
        )
    needs = current is None and is_live(material) and in_audience(material, user) and user.has_role("member")
    return {"acknowledged": current, "previous": previous, "needs_ack": needs}


def pending_for(user):
    """Live materials in the user's audience with no confirmation of their current version, earliest deadline first."""
    if not user.has_role("member"):
        return []
    acked = exists().where(
        Acknowledgement.material_id == Material.id,
        Acknowledgement.user_id == user.id,
        Acknowledgement.version == Material.version,
    )
    # Editors may *see* drafts; what a member must *study* is what is live and addressed to their unit.
    query = select(Material).where(live_material_clause(), material_audience_clause(user.unit_id), ~acked)
    return list(db.session.scalars(query.order_by(Material.deadline.is_(None), Material.deadline, Material.id)))


# --- tracking -------------------------------------------------------------------------------------------


def _members_query(unit_ids):
    """Active users with the member role in these units."""
    return (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "member", User.is_active.is_(True), User.unit_id.in_(unit_ids))
    )


def audience_members(material):
    """Every member the material asks to confirm."""
    return list(db.session.scalars(_members_query(audience_unit_ids(material)).order_by(User.full_name, User.username)))


def _acked_user_ids(material):
    """Ids of users who confirmed the current version."""
    return set(
        db.session.scalars(
            select(Acknowledgement.user_id).where(
                Acknowledgement.material_id == material.id, Acknowledgement.version == material.version
            )
        )
    )


def _share(done, total):
    """done/total rounded to 4 places, or None when nobody is counted."""
    return round(done / total, 4) if total else None


def rates(material, unit_ids=None):
    """{'version','total','acknowledged','rate','units':[{unit_id,code,name,total,acknowledged,rate}]} over the audience."""
    wanted = audience_unit_ids(material)
    if unit_ids is not None:
        wanted = [u for u in wanted if u in set(unit_ids)]
    members = db.session.scalars(_members_query(wanted)).all()
    acked = _acked_user_ids(material)
    per_unit = {}
    for member in members:
        row = per_unit.setdefault(member.unit_id, [0, 0])
        row[0] += 1
        row[1] += member.id in acked
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(per_unit))))}
    rows = [
        {
            "unit_id": uid,
            "code": units[uid].code,
            "name": units[uid].name,
            "total": t,
            "acknowledged": a,
            "rate": _share(a, t),
        }
        for uid, (t, a) in sorted(per_unit.items(), key=lambda kv: units[kv[0]].code)
    ]
    total, done = sum(r["total"] for r in rows), sum(r["acknowledged"] for r in rows)
    return {
        "version": material.version,
        "total": total,
        "acknowledged": done,
        "rate": _share(done, total),
        "units": rows,
    }


def acknowledgements(material, unit_ids=None):
    """(ack, user) pairs for the current version, optionally limited to users of these units, by time."""
    query = (
        select(Acknowledgement, User)
        .join(User, User.id == Acknowledgement.user_id)
        .where(Acknowledgement.material_id == material.id, Acknowledgement.version == material.version)
    )
    if unit_ids is not None:
        query = query.where(User.unit_id.in_(list(unit_ids)))
    return [tuple(row) for row in db.session.execute(query.order_by(Acknowledgement.at, User.username))]


def unacknowledged_members(material, unit_id):
    """Members of the unit in the audience who have not confirmed the current version, by name."""
    if unit_id not in audience_unit_ids(material):
        return []
    acked = _acked_user_ids(material)
    members = db.session.scalars(_members_query([unit_id]).order_by(User.full_name, User.username))
    return [m for m in members if m.id not in acked]


def tracking_units(user):
    """Unit ids the user may track: all for secretariat/admin, own branch for a branch secretary; NotAllowed else."""
    if has_permission(user, "materials.manage"):
        return None
    unit_id = secretary_unit_id(user)
    if unit_id is None or not has_permission(user, "materials.track"):
        raise NotAllowed("Chỉ bộ phận giúp việc và bí thư chi bộ được theo dõi việc xác nhận quán triệt.")
    return [unit_id]


def remind(material, unit_id, user):
    """Notify the unit's members who have not confirmed; a branch secretary reminds only their own branch. -> count."""
    scope = tracking_units(user)
    if scope is not None and unit_id not in scope:
        raise NotAllowed("Bí thư chi bộ chỉ được nhắc đảng viên của chi bộ mình.")
    if not is_live(material):
        raise Conflict("Tài liệu chưa được phát hành.")
    members = unacknowledged_members(material, unit_id)
    if not members:
        return 0
    begin_write()
    notify(members, f"Nhắc nghiên cứu, quán triệt: {material.title}", _deadline_note(material), detail_url(material))
    audit.record(
        "material.remind",
        material,
        user=user,
        summary=f"Nhắc {len(members)} đảng viên xác nhận: {material.title}",
        after={"unit_id": unit_id, "users": [m.username for m in members]},
    )
    db.session.commit()
    return len(members)


def live_materials():
    """Every live material, newest first."""
    query = select(Material).where(live_material_clause())
    return list(db.session.scalars(query.order_by(Material.published_at.desc(), Material.id.desc())))


def ack_rate_by_unit():
    """For the scorecard: {unit_id: {code, name, members, expected, acknowledged, rate, complete_members, complete_rate}}.

    ``rate`` is confirmed (member, live material in the member's audience) pairs over expected pairs, on current
    versions; ``complete_rate`` is the share of the unit's members who confirmed every such material. Units with no
    members are left out; ``rate`` is None for a unit with members but no material addressed to it.
    """
    materials = live_materials()
    acked = {
        (a.material_id, a.user_id)
        for a in db.session.scalars(
            select(Acknowledgement)
            .join(Material, Material.id == Acknowledgement.material_id)
            .where(Acknowledgement.version == Material.version)
        )
    }
    audiences = {m.id: set(audience_unit_ids(m)) for m in materials}
    result = {}
    for member in db.session.scalars(_members_query(select(Unit.id))):
        row = result.setdefault(member.unit_id, {"members": 0, "expected": 0, "acknowledged": 0, "complete_members": 0})
        mine = [m.id for m in materials if member.unit_id in audiences[m.id]]
        done = sum((mid, member.id) in acked for mid in mine)
        row["members"] += 1
        row["expected"] += len(mine)
        row["acknowledged"] += done
        row["complete_members"] += done == len(mine)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(result))))}
    for unit_id, row in result.items():
        row.update(
            code=units[unit_id].code,
            name=units[unit_id].name,
            rate=_share(row["acknowledged"], row["expected"]),
            complete_rate=_share(row["complete_members"], row["members"]),
        )
    return result


# --- exports ----------------------------------------------------------------------------------------------

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
            _members_query(unit_ids)
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
    """CSV bytes (UTF-8 with BOM, so Excel shows Vietnamese) of the confirmations."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADER)
    writer.writerows(export_rows(user, material))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(user, material=None):
    """XLSX bytes of the confirmations (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Xác nhận quán triệt"
    sheet.append(EXPORT_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(user, material):
        sheet.append(row)
    for column, width in zip("ABCDEFG", (50, 10, 36, 28, 18, 18, 40), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- notifications and home ------------------------------------------------------------------------------


def _url(endpoint, fallback, **values):
    """url_for, or the fallback path outside a request (CLI, demo loading)."""
    try:
        return url_for(endpoint, **values)
    except RuntimeError:
        return fallback


def detail_url(material):
    """The material's page."""
    return _url("materials.detail", f"/materials/{material.id}", material_id=material.id)


def _deadline_note(material):
    """'Hạn nghiên cứu, quán triệt: dd/mm/yyyy' or a plain request."""
    if material.deadline:
        return f"Hạn nghiên cứu, quán triệt: {material.deadline.strftime('%d/%m/%Y')}."
    return "Đề nghị đồng chí nghiên cứu và xác nhận đã quán triệt."


def _notify_revision(material):
    """Ask members who confirmed an older version to study the new one."""
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
            detail_url(material),
        )


def home_panels(user):
    """Home page panels: materials to study (member), branch follow-up (secretary), recent rates (secretariat)."""
    from portal.home import Panel

    panels = []
    if user.has_role("member"):
        panels.append(_member_panel(user, Panel))
    if secretary_unit_id(user) is not None:
        panels.append(_branch_panel(user, Panel))
    if has_permission(user, "materials.manage"):
        panels.append(_secretariat_panel(Panel))
    return panels


def _member_panel(user, Panel):
    """Materials the member still has to study; overdue ones in red."""
    from portal.clock import today_local
    from portal.home import PanelItem

    today = today_local()
    items = []
    for material in pending_for(user)[:8]:
        overdue = bool(material.deadline and material.deadline < today)
        note = (
            f"Quá hạn từ {material.deadline:%d/%m/%Y}"
            if overdue
            else f"Hạn {material.deadline:%d/%m/%Y}"
            if material.deadline
            else "Không có hạn"
        )
        items.append(PanelItem(material.title, detail_url(material), note, overdue))
    count = len(pending_for(user)) if len(items) == 8 else len(items)
    return Panel(
        "materials-pending",
        "Tài liệu cần nghiên cứu, quán triệt",
        items,
        count=count,
        empty="Đồng chí đã xác nhận quán triệt tất cả tài liệu.",
        urgent=any(i.urgent for i in items),
        more_url=_url("materials.index", "/materials/"),
        more_label="Tất cả tài liệu quán triệt",
        order=10,
    )


def _branch_panel(user, Panel):
    """The secretary's branch: unconfirmed members per live material."""
    from portal.home import PanelItem

    unit_id = secretary_unit_id(user)
    items = []
    for material in live_materials()[:10]:
        if unit_id not in audience_unit_ids(material):
            continue
        missing = len(unacknowledged_members(material, unit_id))
        if missing:
            items.append(
                PanelItem(
                    material.title,
                    _url("materials.tracking", f"/materials/{material.id}/tracking", material_id=material.id),
                    f"{missing} đảng viên của chi bộ chưa xác nhận",
                    urgent=_overdue(material),
                )
            )
    return Panel(
        "materials-branch",
        "Chi bộ: theo dõi quán triệt tài liệu",
        items,
        count=len(items),
        empty="Toàn bộ đảng viên của chi bộ đã xác nhận.",
        urgent=any(i.urgent for i in items),
        order=20,
    )


def _secretariat_panel(Panel):
    """Confirmation rates of the most recent live materials."""
    from portal.home import PanelItem

    items = []
    for material in live_materials()[:5]:
        stats = rates(material)
        share = format_ratio(stats["rate"]) if stats["rate"] is not None else "—"
        items.append(
            PanelItem(
                material.title,
                _url("materials.tracking", f"/materials/{material.id}/tracking", material_id=material.id),
                f"Đã xác nhận {stats['acknowledged']}/{stats['total']} ({share})",
                urgent=_overdue(material) and stats["acknowledged"] < stats["total"],
            )
        )
    return Panel(
        "materials-rates",
        "Tỷ lệ xác nhận quán triệt",
        items,
        empty="Chưa có tài liệu nào được phát hành.",
        more_url=_url("materials.index", "/materials/"),
        more_label="Quản lý tài liệu quán triệt",
        order=30,
    )


def _overdue(material):
    """True when the material's deadline has passed."""
    from portal.clock import today_local

    return bool(material.deadline and material.deadline < today_local())


def count_pending(user):
    """How many materials the user still has to confirm."""
    return len(pending_for(user))
