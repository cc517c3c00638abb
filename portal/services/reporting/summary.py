"""The secretariat's summary report (báo cáo tổng hợp) for a period: a generated draft, edited in the portal.

The draft is a list of sections {"key", "title", "level", "body", "table"}; bodies are plain text where a line
"- ..." is a bullet, "> ..." a quotation, and "[text](url)" a link to a source document (kept as text in the DOCX).
"""

import re

from sqlalchemy import select

from portal.clock import today_local
from portal.database import begin_write
from portal.errors import NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models import SummaryReport
from portal.models.plan import DocumentTaskLink, TargetValue
from portal.security import has_permission
from portal.services import audit

from .periods import get_period, latest_submission, period_plan

MIN_PASSAGE_SCORE = 20.0
MAX_PASSAGES_PER_UNIT = 2
MAX_PASSAGE_CHARS = 600
ITEM_LABEL = re.compile(r"^\s*(?:\d+[.)]|[-+•])\s*(?:[^:.;]{2,60}:\s+)?")
END_MARKERS = re.compile(r"^\s*(?:Nơi nhận|Trên đây là)", re.IGNORECASE | re.MULTILINE)
DEFAULT_RECIPIENTS = "- Ban Thường vụ Đảng ủy UBND tỉnh,\n- Các đồng chí Ủy viên Ban Chấp hành Đảng ủy,\n- Các chi bộ trực thuộc,\n- Lưu Văn phòng Đảng ủy."
SUBMITTED = ("da_nop", "nop_muon", "yeu_cau_bo_sung", "da_tiep_nhan")


def get_summary(period_id, user):
    """The period's summary report, or None; only for users who see all units."""
    if not has_permission(user, "reports.view_all"):
        raise NotAllowed("Chỉ bộ phận giúp việc, Ủy ban Kiểm tra và quản trị xem báo cáo tổng hợp.")
    period = get_period(period_id, user)
    return period, db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))


def generate_draft(period_id, user, document_url=None):
    """(Re)build the draft from the period's submissions; an existing draft is replaced. Audited.

    ``document_url(document)`` is the web layer's link to a source document (the draft's "[text](url)"); without
    it the sources are named without a link.
    """
    if not has_permission(user, "reports.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc lập báo cáo tổng hợp.")
    period = get_period(period_id, user)
    content = build_draft(period, document_url)
    begin_write()
    report = db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))
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
    report.title, report.sections, report.issued_on = content["title"], content["sections"], today_local()
    report.body = sections_text(content["sections"])
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
):
    """Save the secretariat's edits (header fields and each section's title and body). Audited."""
    if not has_permission(user, "reports.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc sửa báo cáo tổng hợp.")
    period = get_period(period_id, user)
    begin_write()
    report = db.session.scalar(select(SummaryReport).where(SummaryReport.period_id == period.id))
    if report is None:
        db.session.rollback()
        raise NotFound("Chưa có dự thảo báo cáo tổng hợp; hãy lập dự thảo trước.")
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
        report.sections = _edited_sections(report.sections or [], section_titles or [], section_bodies)
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


def _edited_sections(sections, titles, bodies):
    """New section list with edited titles/bodies (same order, same count as rendered); tables kept."""
    if len(bodies) != len(sections):
        raise ValidationFailed("Biểu mẫu không khớp với dự thảo hiện tại; vui lòng tải lại trang.")
    out = []
    for i, section in enumerate(sections):
        new = dict(section)
        new["body"] = (bodies[i] or "").replace("\r\n", "\n").strip()
        if i < len(titles) and titles[i] is not None:
            new["title"] = titles[i].strip()
        out.append(new)
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


# --- building the draft ----------------------------------------------------------------------------


def build_draft(period, document_url=None):
    """{"title", "sections"} for a period: introduction, submissions, areas and tasks with quotes, targets, gaps, conclusion."""
    plan = period_plan(period)
    slots = sorted(period.slots, key=lambda s: s.unit.code)
    counts = _counts(slots)
    passages = collect_passages(period, plan, document_url) if plan else {}
    sections = [
        {"key": "mo_dau", "title": "", "level": 0, "body": _intro(period, plan, counts)},
        {
            "key": "tinh_hinh",
            "title": "I. TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC CHI BỘ",
            "level": 1,
            "body": _situation(period, slots, counts, document_url),
        },
        {"key": "ket_qua", "title": "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "level": 1, "body": ""},
    ]
    for area in plan.areas if plan else []:
        sections.append(
            {
                "key": f"area:{area.code}",
                "title": f"{area.ordinal}. {area.title}",
                "level": 2,
                "body": _area_body(area, passages),
            }
        )
    sections.append(
        {
            "key": "chi_tieu",
            "title": "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NĂM 2030",
            "level": 1,
            "body": "Kết quả các chi bộ báo cáo so với chỉ tiêu Kế hoạch đề ra đến năm 2030:",
            "table": target_table(period, plan),
        }
    )
    sections.append(
        {"key": "chua_nop", "title": "IV. CÁC CHI BỘ CHƯA NỘP BÁO CÁO", "level": 1, "body": _missing(slots)}
    )
    sections.append(
        {
            "key": "ket_luan",
            "title": "V. ĐÁNH GIÁ CHUNG VÀ NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
            "level": 1,
            "body": _conclusion(counts, passages),
        }
    )
    return {"title": _title(period, plan), "sections": sections}


def _period_phrase(period):
    """'quý IV năm 2026' from 'Báo cáo quý IV năm 2026'."""
    phrase = re.sub(r"^\s*báo cáo\s+", "", period.title, flags=re.IGNORECASE).strip()
    return phrase[:1].lower() + phrase[1:] if phrase else ""


def _title(period, plan):
    """The trích yếu under BÁO CÁO."""
    subject = "công tác cải cách hành chính"
    if plan and plan.title:
        subject = re.sub(r"^\s*(kế hoạch\s+)?", "", plan.title.splitlines()[0], flags=re.IGNORECASE)
        subject = re.sub(r"\s*giai đoạn\s+\d{4}\s*-\s*\d{4}\s*$", "", subject).strip() or subject
        subject = subject[:1].lower() + subject[1:]
    return f"kết quả thực hiện Kế hoạch {subject} {_period_phrase(period)}".strip()


def _counts(slots):
    """Counts by outcome for the introduction and conclusion."""
    submitted = [s for s in slots if s.submissions]
    return {
        "total": len(slots),
        "submitted": len(submitted),
        "on_time": sum(1 for s in submitted if not s.submissions[0].is_late),
        "late": sum(1 for s in submitted if s.submissions[0].is_late),
        "accepted": sum(1 for s in slots if s.status == "da_tiep_nhan"),
        "returned": sum(1 for s in slots if s.status == "yeu_cau_bo_sung"),
        "missing": sum(1 for s in slots if s.status == "chua_nop"),
    }


def _intro(period, plan, counts):
    plan_ref = f"Kế hoạch số {plan.number}" if plan and plan.number and plan.number.strip("- ") else "Kế hoạch"
    return (
        f"Thực hiện {plan_ref} của Ban Thường vụ Đảng ủy Văn phòng UBND tỉnh về lãnh đạo thực hiện công tác cải cách "
        f"hành chính giai đoạn 2026-2030; trên cơ sở báo cáo của {counts['submitted']}/{counts['total']} chi bộ trực thuộc, "
        f"Đảng ủy Văn phòng báo cáo kết quả thực hiện {_period_phrase(period)} như sau:"
    )


def _situation(period, slots, counts, document_url=None):
    lines = [
        f"Hạn nộp báo cáo: ngày {period.deadline:%d/%m/%Y}. Có {counts['submitted']}/{counts['total']} chi bộ đã nộp báo cáo "
        f"({counts['on_time']} đúng hạn, {counts['late']} nộp muộn); {counts['accepted']} báo cáo đã được tiếp nhận, "
        f"{counts['returned']} báo cáo được đề nghị bổ sung; {counts['missing']} chi bộ chưa nộp."
    ]
    for slot in slots:
        sub = latest_submission(slot)
        if sub is None:
            continue
        state = {
            "da_tiep_nhan": "đã tiếp nhận",
            "yeu_cau_bo_sung": "đề nghị bổ sung",
            "nop_muon": "nộp muộn",
            "da_nop": "đã nộp",
        }.get(slot.status, slot.status)
        lines.append(
            f"- {slot.unit.name}: {_source_link(sub, document_url)}, nộp ngày {sub.submitted_at:%d/%m/%Y}"
            f"{' (muộn hạn)' if sub.is_late else ''}; {state}."
        )
    return "\n".join(lines)


def _missing(slots):
    names = [s.unit.name for s in slots if s.status == "chua_nop"]
    if not names:
        return "Tất cả các chi bộ đã nộp báo cáo."
    return (
        "\n".join(f"- {name}" for name in names)
        + "\n\nĐề nghị các chi bộ nêu trên khẩn trương hoàn thành, gửi báo cáo về Đảng ủy Văn phòng."
    )


def _conclusion(counts, passages):
    tasks_with_results = len({code for code in passages})
    gaps = [
        text
        for n, text in (
            (counts["late"], f"{counts['late']} chi bộ nộp báo cáo muộn"),
            (counts["returned"], f"{counts['returned']} báo cáo phải bổ sung"),
            (counts["missing"], f"{counts['missing']} chi bộ chưa nộp báo cáo"),
        )
        if n
    ]
    shortcomings = ("Tuy nhiên, còn " + ", ".join(gaps) + ". ") if gaps else "Các chi bộ đều nộp báo cáo đúng hạn. "
    return (
        f"Các chi bộ trực thuộc cơ bản đã quán triệt, triển khai Kế hoạch; {counts['submitted']}/{counts['total']} chi bộ "
        f"báo cáo kết quả, phản ánh kết quả thực hiện {tasks_with_results} nhiệm vụ của Kế hoạch. {shortcomings}\n\n"
        "Thời gian tới, Ban Thường vụ Đảng ủy đề nghị các chi bộ tiếp tục lãnh đạo thực hiện nghiêm các nhiệm vụ của "
        "Kế hoạch; tập trung các chỉ tiêu chưa đạt; thực hiện nghiêm chế độ báo cáo định kỳ, bảo đảm đúng hạn, "
        "đủ nội dung, có số liệu minh chứng."
    )


def _area_body(area, passages):
    """For each task of the area with quoted passages: the task, then each branch's passages with the source."""
    lines = []
    for task in area.tasks:
        quotes = passages.get(task.code)
        if not quotes:
            continue
        lines.append(f"Nhiệm vụ {task.code}: {_shorten(task.text, 220)}")
        for unit_name, text, source in quotes:
            lines.append(f"- {unit_name}: “{text}” ({source})")
        lines.append("")
    return "\n".join(lines).strip() or "Các chi bộ chưa báo cáo kết quả cụ thể về lĩnh vực này trong kỳ."


def _shorten(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _source_link(submission, document_url=None):
    """'[Báo cáo số 16-BC/CB](/documents/12)': the source document, linked when the caller gives its link."""
    doc = submission.document
    label = f"Báo cáo số {doc.number}" if doc.number else doc.display_title
    return f"[{label}]({document_url(doc)})" if document_url else label


def report_paragraphs(text):
    """Body paragraphs of a branch report: header, intro sentence and nơi nhận left out, item labels removed."""
    from portal.plan.suggest import paragraphs

    marker = END_MARKERS.search(text or "")
    body = (text or "")[: marker.start()] if marker else (text or "")
    out = []
    for para in paragraphs(body):
        first = para.splitlines()[0].strip()
        letters = [c for c in first if c.isalpha()]
        if (
            first.startswith(">")
            or "TÀI LIỆU MẪU" in para
            or para.rstrip().endswith(":")
            or (letters and all(c.isupper() for c in letters))
            or first.startswith("Lào Cai, ngày")
        ):
            continue
        out.append(" ".join(ITEM_LABEL.sub("", para, count=1).split()))
    return out


def _submission_text(submission):
    """The text of the exact file version a submission sent."""
    version = submission.document_version or submission.document.current_version
    return "\n\n".join(p.text for p in version.pages) if version else ""


def collect_passages(period, plan, document_url=None):
    """task code -> [(unit name, passage, source link)]: each paragraph goes to its best task (above a floor)."""
    from portal.plan.suggest import suggest_for_paragraphs
    from portal.services.synonyms import current_lines

    tasks = [(t.code, t.text) for area in plan.areas for t in area.tasks]
    synonyms = current_lines()
    out = {}
    for slot in sorted(period.slots, key=lambda s: s.unit.code):
        sub = latest_submission(slot)
        if sub is None or slot.status not in SUBMITTED:
            continue
        linked = set(
            db.session.scalars(select(DocumentTaskLink.task_id).where(DocumentTaskLink.document_id == sub.document_id))
        )
        linked_codes = {t.code for area in plan.areas for t in area.tasks if t.id in linked}
        per_task = {}
        for para, ranked in suggest_for_paragraphs(
            report_paragraphs(_submission_text(sub)), tasks, limit=3, synonyms=synonyms
        ):
            code = _choose(ranked, linked_codes)
            if code:
                per_task.setdefault(code, []).append((ranked[0][1], para))
        for code, found in per_task.items():
            for _score, para in sorted(found, reverse=True)[:MAX_PASSAGES_PER_UNIT]:
                out.setdefault(code, []).append(
                    (slot.unit.name, _shorten(para, MAX_PASSAGE_CHARS), _source_link(sub, document_url))
                )
    return out


def _choose(ranked, linked_codes):
    """The paragraph's task: a task the branch linked when it scores near the best, else the best; None below the floor."""
    if not ranked or ranked[0][1] < MIN_PASSAGE_SCORE:
        return None
    for code, score in ranked:
        if code in linked_codes and score >= 0.6 * ranked[0][1]:
            return code
    return ranked[0][0]


def target_table(period, plan):
    """Rows [header, ...]: code, target, 2030 value, what each branch reported, assessment."""
    header = ["Mã", "Chỉ tiêu", "Mục tiêu đến năm 2030", "Kết quả các chi bộ báo cáo", "Đánh giá"]
    values = list(
        db.session.scalars(select(TargetValue).where(TargetValue.period_id == period.id).order_by(TargetValue.id))
    )
    targets = [row.target for row in period.target_rows] or list({v.target_id: _target(v) for v in values}.values())
    targets.sort(key=lambda t: (t.area.ordinal, t.ordinal))
    rows = [header]
    for target in targets:
        mine = [v for v in values if v.target_id == target.id]
        reported = (
            "; ".join(f"{v.unit.name}: {_fmt(v.value)}{target.unit or ''}" for v in mine) or "Chưa có chi bộ báo cáo"
        )
        rows.append([target.code, _shorten(target.text, 160), _goal(target), reported, _assess(target, mine)])
    return rows


def _target(value):
    from portal.models.plan import PlanTarget

    return db.session.get(PlanTarget, value.target_id)


def _fmt(number):
    """85.0 -> '85', 85.5 -> '85,5' (Vietnamese decimal comma)."""
    return f"{number:g}".replace(".", ",")


def _goal(target):
    if target.qualitative or target.value is None:
        return "Định tính"
    prefix = f"{target.comparator} " if target.comparator else ""
    return f"{prefix}{_fmt(target.value)}{target.unit or ''}"


LOWER_IS_BETTER = ("không quá", "tối đa", "dưới")


def _assess(target, values):
    """'Bình quân 87,5%; chưa đạt' against the 2030 value, or an empty cell when there is nothing to compare."""
    if not values or target.value is None or target.qualitative:
        return ""
    average = sum(v.value for v in values) / len(values)
    lower = (target.comparator or "") in LOWER_IS_BETTER
    reached = average <= target.value if lower else average >= target.value
    return f"Bình quân {_fmt(round(average, 1))}{target.unit or ''}; {'đạt' if reached else 'chưa đạt'} mục tiêu 2030"
