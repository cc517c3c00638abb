"""Submitting a branch report: the file, the tasks it answers, the target values with evidence, the slot status.

Design: every check that can fail runs before anything is stored; then the files go through `upload_document` (which
commits its own document rows); then ONE transaction writes the submission, task links, target values, the slot status,
audit events and notifications. If that transaction fails, the just-uploaded documents are moved to the trash so no
half-made submission is visible. A resubmission after "yêu cầu bổ sung" adds a new version to the same report document
(one report per branch and period in search and on task pages; older files stay as versions) and a new Submission row
pinned to that file version.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models import Document, PeriodUnit, ReportingPeriod, Submission
from portal.models.base import utcnow
from portal.models.plan import DocumentTaskLink, PlanTask
from portal.security import can_see_document, has_permission, secretary_unit_id
from portal.services import audit
from portal.services.notifications import notify
from portal.services.plan import read_value, write_target_value

from .periods import (
    _int,
    _slot_snapshot,
    asked_targets,
    check_transition,
    is_late_now,
    latest_submission,
    period_plan,
    secretariat_users,
    slot_for_unit,
    slot_target,
)

log = logging.getLogger(__name__)
MISSING_FILE = "Cần chọn tệp báo cáo để nộp."


def require_report_file(present):
    """The one answer to a submission without its report file, on the web and in the API: 422 with one message."""
    if not present:
        raise ValidationFailed(MISSING_FILE, status=422, details={"field": "file"})


@dataclass
class TargetInput:
    """A value for one target and its evidence: the report itself (default), an uploaded file, or a visible document."""

    code: str
    value: str | float
    evidence_path: str | None = None
    evidence_name: str | None = None
    evidence_document_id: int | None = None
    note: str | None = None
    evidence_title: str | None = None  # typed by the secretary; else read from the file's header


def _slot_for_submit(period_id, user, unit_id=None, slot_id=None):
    """The slot a branch secretary submits for: 404 unknown, 403 another branch's or not a secretary."""
    if not has_permission(user, "reports.submit"):
        raise NotAllowed("Chỉ bí thư chi bộ được nộp báo cáo của chi bộ mình.")
    own = secretary_unit_id(user)
    if slot_id is not None:
        slot = db.session.get(PeriodUnit, _int(slot_id))
        if slot is None:
            raise NotFound("Không tìm thấy phần báo cáo của đơn vị.")
    else:
        period = db.session.get(ReportingPeriod, _int(period_id))
        if period is None:
            raise NotFound("Không tìm thấy đợt báo cáo.")
        slot = slot_for_unit(period, unit_id if unit_id is not None else own)
        if slot is None:
            if unit_id is not None and unit_id != own:
                raise NotAllowed("Đồng chí chỉ được nộp báo cáo của chi bộ mình.")
            raise NotAllowed("Chi bộ của đồng chí không thuộc diện báo cáo trong đợt này.")
    if slot.unit_id != own:
        raise NotAllowed("Đồng chí chỉ được nộp báo cáo của chi bộ mình.")
    return slot


def _resolve_tasks(period, task_codes):
    """Plan tasks by code (within the period's plan); 422 naming unknown codes."""
    codes = [c.strip() for c in task_codes or () if c and str(c).strip()]
    if not codes:
        return []
    plan = period_plan(period)
    if plan is None:
        raise ValidationFailed("Chưa có kế hoạch để gắn nhiệm vụ.", status=422)
    found = {
        t.code: t
        for t in db.session.scalars(select(PlanTask).where(PlanTask.plan_id == plan.id, PlanTask.code.in_(codes)))
    }
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed("Không có nhiệm vụ " + ", ".join(missing) + " trong kế hoạch.", status=422)
    return [found[c] for c in dict.fromkeys(codes)]


def _resolve_targets(period, inputs, user):
    """[(target, value, TargetInput)] for the values given; only the targets the period asks (422 otherwise)."""
    asked = {t.code: t for t in asked_targets(period)}
    out = []
    for item in inputs or ():
        if item.value in (None, ""):
            continue
        target = asked.get(item.code.strip())
        if target is None:
            raise ValidationFailed(f"Đợt báo cáo này không yêu cầu chỉ tiêu {item.code}.", status=422)
        if item.evidence_document_id and not can_see_document(user, item.evidence_document_id):
            raise ValidationFailed(
                f"Không tìm thấy văn bản minh chứng #{item.evidence_document_id} cho chỉ tiêu {item.code}.", status=422
            )
        out.append((target, read_value(target, item.value, status=422), item))
    return out


def _upload(path, name, user, unit, replace_document_id=None, doc_type="bao_cao", part_of="report", title=None):
    """Store one file through the documents service; returns (document, created_new).

    The same bytes already in the library are reused when they belong to this branch (uploaded earlier from the
    documents page); another unit's identical file is refused.
    """
    from portal.services.documents import upload_document

    result = upload_document(
        path,
        name,
        user=user,
        doc_type=doc_type,
        visibility="units",
        unit_codes=(),
        owner_unit_code=unit.code,
        replace_document_id=replace_document_id,
        apply_index=False,
        metadata={"title": title.strip()} if title and title.strip() else None,
        part_of=part_of,
    )
    document = result.document
    if result.status == "duplicate":
        if document.owner_unit_id != unit.id:
            raise Conflict(
                f"Tệp này đã có trong thư viện (văn bản #{document.id}) thuộc đơn vị khác; "
                "vui lòng kiểm tra lại tệp báo cáo."
            )
        return document, False
    return document, result.status == "imported"


def check_submit_allowed(period_id, user, *, unit_id=None, slot_id=None):
    """Raise NotFound/NotAllowed/Conflict now, before a file is received; returns the slot."""
    slot = _slot_for_submit(period_id, user, unit_id=unit_id, slot_id=slot_id)
    check_transition(slot, "submit")
    return slot


def submit_report(
    period_id, user, file_path, original_name, *, task_codes=(), targets=(), note=None, unit_id=None, slot_id=None
):
    """A branch secretary submits their branch's report for a period; returns the new Submission (version 1, 2, ...)."""
    slot = _slot_for_submit(period_id, user, unit_id=unit_id, slot_id=slot_id)
    period = slot.period
    check_transition(slot, "submit")
    require_report_file(file_path and original_name)
    tasks = _resolve_tasks(period, task_codes)
    values = _resolve_targets(period, targets, user)
    previous = latest_submission(slot)
    created = []
    try:
        document, new = _upload(file_path, original_name, user, slot.unit, previous.document_id if previous else None)
        if new:
            created.append(document.id)
        evidence = _upload_evidence(values, user, slot.unit, document, created)
        return _record_submission(slot.id, user, document, tasks, values, evidence, note)
    except Exception:
        db.session.rollback()
        _trash_orphans(created, user)
        raise


def _upload_evidence(values, user, unit, report, created):
    """target code -> evidence document id (the report itself unless another file or document was given)."""
    evidence = {}
    for target, _value, item in values:
        if item.evidence_path:
            doc, new = _upload(
                item.evidence_path,
                item.evidence_name or "minh-chung",
                user,
                unit,
                doc_type="khac",
                part_of="evidence",
                title=item.evidence_title,
            )
            if new:
                created.append(doc.id)
            evidence[target.code] = doc.id
        else:
            evidence[target.code] = item.evidence_document_id or report.id
    return evidence


def _record_submission(slot_id, user, document, tasks, values, evidence, note):
    """The one transaction: submission, links, target values, slot status, audit, notification."""
    begin_write()
    slot = db.session.get(PeriodUnit, slot_id)
    check_transition(slot, "submit")  # again, inside the write lock: a concurrent review may have moved it
    late = is_late_now(slot.period)
    before = _slot_snapshot(slot)
    db.session.refresh(document)
    submission = Submission(
        slot_id=slot.id,
        version_no=len(slot.submissions) + 1,
        document_id=document.id,
        document_version_id=document.current_version.id if document.current_version else None,
        submitted_by_id=user.id,
        is_late=late,
        note=(note or "").strip() or None,
    )
    db.session.add(submission)
    slot.status, slot.submitted_at, slot.review_comment = ("nop_muon" if late else "da_nop"), utcnow(), None
    db.session.flush()
    linked = _link_tasks(document, tasks, user)
    reported = _store_values(slot, values, evidence, user)
    audit.record(
        "reports.submit",
        slot,
        user=user,
        before=before,
        after={
            **_slot_snapshot(slot),
            "submission_id": submission.id,
            "version_no": submission.version_no,
            "document_id": document.id,
            "tasks": linked,
            "targets": reported,
        },
        summary=f"{slot.unit.name} nộp báo cáo “{slot.period.title}” (lần {submission.version_no}{', muộn' if late else ''})",
    )
    notify(
        secretariat_users(),
        f"{slot.unit.name} đã nộp báo cáo: {slot.period.title}",
        f"Lần nộp {submission.version_no}{' (nộp muộn)' if late else ''}.",
        slot_target(slot),
        email=False,
    )
    _enqueue_index(document.id)
    db.session.commit()
    return submission


def _link_tasks(document, tasks, user):
    """bao_cao_ket_qua links from the report to the chosen tasks (existing links kept); returns the task codes."""
    for task in tasks:
        exists = db.session.scalar(
            select(DocumentTaskLink.id).where(
                DocumentTaskLink.document_id == document.id,
                DocumentTaskLink.task_id == task.id,
                DocumentTaskLink.relation == "bao_cao_ket_qua",
            )
        )
        if not exists:
            db.session.add(
                DocumentTaskLink(
                    document_id=document.id, task_id=task.id, relation="bao_cao_ket_qua", created_by_id=user.id
                )
            )
    return [t.code for t in tasks]


def _store_values(slot, values, evidence, user):
    """One value per target, unit and period through the plan's one writer. Returns {code: value}."""
    out = {}
    for target, value, item in values:
        write_target_value(
            target,
            slot.unit_id,
            value,
            user=user,
            period_id=slot.period_id,
            evidence_document_id=evidence[target.code],
            note=item.note,
        )
        out[target.code] = value
    return out


def _enqueue_index(document_id):
    """Task codes are a search facet: re-index the report document with the transaction."""
    from portal.search import jobs

    jobs.enqueue(db.session, "document", document_id, "upsert")


def _trash_orphans(document_ids, user):
    """After a failed submission, move the documents it uploaded to the trash (never leave a half-made submission)."""
    from portal.services.documents import trash

    for doc in db.session.scalars(select(Document).where(Document.id.in_(document_ids or [-1]))).all():
        try:
            trash(doc, user)
        except Exception:  # noqa: BLE001 - best effort; the original error matters more
            db.session.rollback()
            log.exception("Không dọn được văn bản #%s của lần nộp báo cáo lỗi", doc.id)


def suggest_tasks_for_upload(period, text, limit=5):
    """[(task, score)] of the period's plan tasks for a report text (asked tasks first when the period names some)."""
    from portal.plan.suggest import suggest_tasks
    from portal.services.synonyms import current_lines

    plan = period_plan(period)
    if plan is None or not (text or "").strip():
        return []
    tasks = {t.code: t for area in plan.areas for t in area.tasks}
    ranked = suggest_tasks(text, [(c, t.text) for c, t in tasks.items()], limit=limit, synonyms=current_lines())
    return [(tasks[code], score) for code, score in ranked]
