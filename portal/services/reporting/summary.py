"""The secretariat's summary report (báo cáo tổng hợp) for a period: a draft built from facts, edited in the portal,
regenerated without losing the edits, and frozen as the version sent.

The draft is a list of sections {"key", "title", "level", "body", "table", "sources", "generated_body",
"generated_title", "proposed"}; bodies are plain text where a line "- ..." is a bullet and "[label](doc:ID)" links a
source document (kept as text in the DOCX). The facts are read here; `summary_draft` composes them (pure).
"""

from sqlalchemy import select

from portal.clock import today_local, utcnow
from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models import SummaryReport
from portal.models.plan import DocumentTaskLink, TargetValue
from portal.security import has_permission
from portal.services import audit

from . import summary_draft as draft
from .periods import get_period, latest_submission, period_plan

DEFAULT_RECIPIENTS = "- Ban Thường vụ Đảng ủy UBND tỉnh,\n- Các đồng chí Ủy viên Ban Chấp hành Đảng ủy,\n- Các chi bộ trực thuộc,\n- Lưu Văn phòng Đảng ủy."


def get_summary(period_id, user):
    """The period's summary report, or None; only for users who see all units."""
    if not has_permission(user, "reports.view_all"):
        raise NotAllowed("Chỉ bộ phận giúp việc, Ủy ban Kiểm tra và quản trị xem báo cáo tổng hợp.")
    period = get_period(period_id, user)
    return period, db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))


def generate_draft(period_id, user):
    """(Re)build the draft from the period's facts. Sections the secretariat edited keep their text; new material for
    them is proposed beside it (`proposed`), never written over it. A sent report is not touched. Audited."""
    if not has_permission(user, "reports.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc lập báo cáo tổng hợp.")
    period = get_period(period_id, user)
    content = build_draft(period)
    begin_write()
    report = db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))
    _refuse_if_sent(report)
    before = _snapshot(report) if report else None
    if report is None:
        report = SummaryReport(
            period_id=period.id,
            number="-BC/ĐU",
            place="Lào Cai",
            recipients=DEFAULT_RECIPIENTS,
            signer_mark="T/M BAN THƯỜNG VỤ",
            signer_title="PHÓ BÍ THƯ",
            signer_name="",
        )
        db.session.add(report)
    report.title = report.title or content["title"]
    report.sections = merge_sections(report.sections or [], content["sections"])
    report.issued_on = report.issued_on or today_local()
    report.body = sections_text(report.sections)
    report.updated_by_id = user.id
    db.session.flush()
    audit.record(
        "reports.summary_generate",
        report,
        user=user,
        summary=f"Lập dự thảo báo cáo tổng hợp “{period.title}”",
        before=before,
        after=_snapshot(report),
    )
    db.session.commit()
    return report


def update_summary(
    period_id,
    user,
    *,
    number=None,
    title=None,
    place=None,
    issued_on=None,
    recipients=None,
    signer_mark=None,
    signer_title=None,
    signer_name=None,
    section_titles=None,
    section_bodies=None,
    proposals=None,
):
    """Save the secretariat's edits (header fields and each section's title and body). Audited."""
    if not has_permission(user, "reports.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc sửa báo cáo tổng hợp.")
    period, report = _draft_for_write(period_id, user)
    before = _snapshot(report)
    for field, value in (
        ("number", number),
        ("title", title),
        ("place", place),
        ("recipients", recipients),
        ("signer_mark", signer_mark),
        ("signer_title", signer_title),
        ("signer_name", signer_name),
    ):
        if value is not None:
            setattr(report, field, value.strip())
    if issued_on is not None:
        report.issued_on = issued_on
    if section_bodies is not None:
        report.sections = _edited_sections(report.sections or [], section_titles or [], section_bodies, proposals)
        report.body = sections_text(report.sections)
    if not (report.title or "").strip():
        db.session.rollback()
        raise ValidationFailed("Cần nhập trích yếu của báo cáo.")
    report.updated_by_id = user.id
    audit.record(
        "reports.summary_edit",
        report,
        user=user,
        summary=f"Sửa báo cáo tổng hợp “{period.title}”",
        before=before,
        after=_snapshot(report),
    )
    db.session.commit()
    return report


def _edited_sections(sections, titles, bodies, proposals=None):
    """New section list with edited titles/bodies (same order, same count as rendered); tables kept.

    `proposals` maps a section index to "accept" (take the proposed text) or "dismiss" (keep the edit, forget the
    proposal until the facts change again).
    """
    if len(bodies) != len(sections):
        raise ValidationFailed("Biểu mẫu không khớp với dự thảo hiện tại; vui lòng tải lại trang.", status=409)
    out = []
    for i, section in enumerate(sections):
        new = dict(section)
        new["body"] = (bodies[i] or "").replace("\r\n", "\n").strip()
        if i < len(titles) and titles[i] is not None:
            new["title"] = titles[i].strip()
        choice = (proposals or {}).get(i)
        if "proposed" in new and choice == "accept":
            new["body"] = new["generated_body"] = new.pop("proposed")
        elif "proposed" in new and choice == "dismiss":
            new["generated_body"] = new.pop("proposed")
        out.append(new)
    return out


def edited(section):
    """Whether the secretariat changed the section since it was generated."""
    return section.get("body", "") != section.get("generated_body", section.get("body", "")) or section.get(
        "title", ""
    ) != section.get("generated_title", section.get("title", ""))


def merge_sections(old, new):
    """The regenerated sections, keeping every edited section's text (and proposing the new text beside it)."""
    previous = {s.get("key"): s for s in old}
    out = []
    for fresh in new:
        fresh = {**fresh, "generated_body": fresh["body"], "generated_title": fresh["title"]}
        prev = previous.pop(fresh["key"], None)
        if prev is None or not edited(prev):
            out.append(fresh)
            continue
        kept = {**prev, "table": fresh.get("table"), "sources": fresh.get("sources", [])}
        kept.pop("proposed", None)
        if fresh["body"] != prev.get("generated_body"):
            kept["proposed"] = fresh["body"]
        if kept.get("table") is None:
            kept.pop("table")
        out.append(kept)
    out += [{**s, "sources": s.get("sources", [])} for s in previous.values() if edited(s)]
    return out


def _refuse_if_sent(report):
    if report is not None and report.sent_at is not None:
        db.session.rollback()
        raise Conflict("Báo cáo tổng hợp đã được chốt là bản gửi đi; bản đã gửi được giữ nguyên, không sửa được.")


def _draft_for_write(period_id, user):
    """(period, its draft) inside a write transaction; 404 without a draft, 409 once it was sent."""
    period = get_period(period_id, user)
    begin_write()
    report = db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))
    if report is None:
        db.session.rollback()
        raise NotFound("Chưa có dự thảo báo cáo tổng hợp; hãy lập dự thảo trước.")
    _refuse_if_sent(report)
    return period, report


def freeze_summary(period_id, user):
    """Freeze the draft as the version sent: from now on it stays as sent. Refused while notes for the secretariat
    remain or a proposal waits for a decision. Audited."""
    if not has_permission(user, "reports.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc chốt báo cáo tổng hợp.")
    period, report = _draft_for_write(period_id, user)
    missing = blockers(report)
    if missing:
        db.session.rollback()
        raise ValidationFailed("Chưa chốt được báo cáo: " + "; ".join(missing) + ".", status=409)
    report.sent_at, report.sent_by_id = utcnow(), user.id
    audit.record(
        "reports.summary_send",
        report,
        user=user,
        summary=f"Chốt báo cáo tổng hợp “{period.title}” là bản gửi đi",
        after=_snapshot(report),
    )
    db.session.commit()
    return report


def blockers(report):
    """What stops the draft from being sent: notes left to write, proposals to decide, a number to give."""
    out = []
    notes = draft.placeholders(report.sections or [])
    if notes:
        out.append(f"còn {len(notes)} chỗ bộ phận giúp việc cần viết (trong ngoặc vuông)")
    waiting = [s.get("title") or "đoạn mở đầu" for s in report.sections or [] if "proposed" in s]
    if waiting:
        out.append("còn nội dung mới đề xuất chưa xử lý ở mục " + ", ".join(waiting))
    if not (report.number or "").strip(" -").split("-")[0].strip():
        out.append("chưa có số của báo cáo")
    if not (report.signer_name or "").strip():
        out.append("chưa có người ký")
    return out


def _snapshot(report):
    return {
        "number": report.number,
        "title": report.title,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "sections": len(report.sections or []),
        "body_chars": len(report.body or ""),
    }


def sections_text(sections):
    """The whole report as plain text (for the body column and search)."""
    parts = []
    for s in sections:
        if s.get("title"):
            parts.append(s["title"])
        if s.get("body"):
            parts.append(s["body"])
        for row in s.get("table") or []:
            parts.append(" | ".join(str(c) for c in row))
    return "\n\n".join(parts)


# --- the facts --------------------------------------------------------------------------------------------------


def build_draft(period):
    """{"title", "sections"} for a period, composed from its facts."""
    from portal.plan.suggest import suggest_for_paragraphs
    from portal.services.synonyms import current_lines

    facts = period_facts(period)
    plan = period_plan(period)
    tasks = [(t.code, t.text) for area in plan.areas for t in area.tasks] if plan else []

    synonyms = current_lines()

    def rank(paragraphs):
        if not tasks:
            return [[] for _ in paragraphs]
        return [ranked for _para, ranked in suggest_for_paragraphs(paragraphs, tasks, limit=8, synonyms=synonyms)]

    return draft.compose(facts, rank)


def period_facts(period):
    """The period as facts: the plan's areas, tasks and targets, each branch's latest report with its task links
    and target values, and the acknowledgement of the live dissemination materials."""
    from portal.extraction.header import body_paragraphs

    plan = period_plan(period)
    asked = {row.target_id for row in period.target_rows}
    areas = [
        draft.AreaFact(
            code=area.code,
            ordinal=area.ordinal,
            title=area.title,
            tasks=[draft.TaskFact(t.code, t.text) for t in area.tasks],
            targets=[
                draft.TargetFact(
                    t.code, t.text, t.value, t.unit, t.comparator, t.qualitative, asked=not asked or t.id in asked
                )
                for t in area.targets
            ],
        )
        for area in (plan.areas if plan else [])
    ]
    task_codes = {t.id: t.code for area in (plan.areas if plan else []) for t in area.tasks}
    values = list(db.session.scalars(select(TargetValue).where(TargetValue.period_id == period.id)))
    branches = []
    for slot in sorted(period.slots, key=lambda s: s.unit.code):
        branch = draft.BranchFact(slot.unit.code, slot.unit.name, status=slot.status)
        sub = latest_submission(slot)
        if sub is not None:
            doc = sub.document
            branch.submitted_on = sub.submitted_at and to_local_date(sub.submitted_at)
            branch.late, branch.note, branch.document_id = sub.is_late, sub.note, doc.id
            branch.document_label = f"Báo cáo số {doc.number}" if doc.number else doc.display_title
            branch.paragraphs = body_paragraphs(submission_text(sub))
            branch.task_codes = _linked_codes(doc.id, task_codes)
            branch.values = {v.target.code: v.value for v in values if v.unit_id == slot.unit_id and _target(v)}
        branches.append(branch)
    return draft.PeriodFacts(
        title=period.title,
        deadline=period.deadline,
        plan_number=plan.number if plan else None,
        plan_title=plan.title if plan else None,
        areas=areas,
        branches=branches,
        materials=_materials(),
    )


def to_local_date(moment):
    from portal.clock import to_local

    return to_local(moment).date()


def _target(value):
    from portal.models.plan import PlanTarget

    value.target = db.session.get(PlanTarget, value.target_id)
    return value.target


def _linked_codes(document_id, task_codes):
    """The plan tasks a report is linked to as a result or evidence (the web's ticked suggestions and the API alike)."""
    from portal.services.plan import EVIDENCE

    ids = db.session.scalars(
        select(DocumentTaskLink.task_id).where(
            DocumentTaskLink.document_id == document_id, DocumentTaskLink.relation.in_(EVIDENCE)
        )
    )
    return {task_codes[i] for i in ids if i in task_codes}


def _materials():
    """Acknowledgement of every live material by its audience (the one rate rule of the materials service)."""
    from portal.services import materials

    out = []
    for material in materials.live_materials():
        rate = materials.rates(material)
        out.append(draft.MaterialFact(material.title, rate["acknowledged"], rate["total"]))
    return out


def submission_text(submission):
    """The text of the exact file version a submission sent."""
    version = submission.document_version or submission.document.current_version
    return "\n\n".join(p.text for p in version.pages) if version else ""


# --- sources and the spreadsheet ---------------------------------------------------------------------------------


def summary_sources(period, report):
    """Which report fed which section: [{unit, status, document_id, label, submitted_on, late, note, sections}]."""
    facts = period_facts(period)
    titles = {}
    for section in (report.sections if report else None) or []:
        for doc_id in section.get("sources") or []:
            titles.setdefault(doc_id, []).append(section.get("title") or "Mở đầu")
    return [
        {
            "unit": b.unit_name,
            "status": b.status,
            "document_id": b.document_id,
            "label": b.document_label,
            "submitted_on": b.submitted_on,
            "late": b.late,
            "note": b.note,
            "tasks": sorted(b.task_codes),
            "value_count": len(b.values),
            "sections": titles.get(b.document_id, []),
        }
        for b in facts.branches
    ]


def summary_xlsx(period, user):
    """The summary's target table and each branch's status as an XLSX workbook with real numbers."""
    from portal.models import SLOT_STATUSES

    from . import exports

    get_summary(period.id, user)
    facts = period_facts(period)
    submitted = [b for b in facts.branches if b.submitted]
    targets = [t for area in facts.areas for t in area.targets if t.asked or any(t.code in b.values for b in submitted)]
    header = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu đến năm 2030"] + [b.unit_name for b in submitted]
    header += ["Bình quân", "Đánh giá"]
    rows = [header]
    for t in targets:
        values = [b.values.get(t.code) for b in submitted]
        average, ok = draft.assess(t, [v for v in values if v is not None])
        verdict = "" if ok is None else ("Đạt" if ok else "Chưa đạt")
        goal = None if t.qualitative else t.goal
        rows.append([t.code, t.text, t.unit or "", goal, *values, average, verdict])
    status = [
        [
            "Mã đơn vị",
            "Chi bộ",
            "Trạng thái",
            "Ngày nộp",
            "Nộp muộn",
            "Báo cáo",
            "Số nhiệm vụ đề cập",
            "Số chỉ tiêu báo cáo",
            "Ghi chú khi nộp",
        ]
    ]
    for b in facts.branches:
        status.append(
            [
                b.unit_code,
                b.unit_name,
                SLOT_STATUSES.get(b.status, b.status),
                b.submitted_on,
                "Có" if b.late else ("Không" if b.submitted else ""),
                b.document_label or "",
                len(b.task_codes),
                len(b.values),
                b.note or "",
            ]
        )
    return exports.workbook_bytes([("Chỉ tiêu", rows), ("Tình hình nộp báo cáo", status)])
