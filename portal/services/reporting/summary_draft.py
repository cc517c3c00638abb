"""The summary report's draft, composed from facts only (no database, no Flask): pure and tested by hand.

What a branch reported on comes from its report's task links and the target values it gave. Text similarity only
chooses which paragraph of a linked report to quote, among that report's body paragraphs about the task. Every count
and rate is computed here; a standard phrase is written only when the data supports it (THRESHOLDS below, the one place
where they are written down), otherwise a bracketed note asks the secretariat to write the judgement.

Bodies are plain text: a line "- ..." is a bullet and "[label](doc:ID)" links a source document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from portal.formatting import format_number, format_quantity, format_ratio, shorten

# The thresholds behind the standard phrases: the one place where they are written down.
THRESHOLDS = {
    # "cơ bản đã quán triệt": every live material acknowledged by at least this share of its audience
    "ack_basic": 0.8,
    # "đã quán triệt đầy đủ": every live material acknowledged by everyone in its audience
    "ack_full": 1.0,
    # a paragraph is about a task when the task scores at least this much ...
    "quote_min_score": 20.0,
    # ... and at least this share of the paragraph's best score over all tasks of the plan
    "quote_near_best": 0.8,
}
FOR_SECRETARIAT = "[Bộ phận giúp việc viết đánh giá: {what}]"
PLACEHOLDER = re.compile(r"\[Bộ phận giúp việc viết[^\]]*\]")
MAX_QUOTE_CHARS = 600
ITEM_LABEL = re.compile(r"^\s*(?:\d+[.)]|[a-zđ][.)]|[-+•–])\s*(?:[^:.;]{2,60}:\s+)?")
NOT_QUOTED = re.compile(r"^\s*(?:Trên đây là|Nơi nhận)", re.IGNORECASE)
LOWER_IS_BETTER = ("không quá", "tối đa", "dưới")
SUBMITTED = ("da_nop", "nop_muon", "yeu_cau_bo_sung", "da_tiep_nhan")
STATE_WORDS = {
    "da_tiep_nhan": "đã tiếp nhận",
    "yeu_cau_bo_sung": "đề nghị bổ sung",
    "nop_muon": "nộp muộn",
    "da_nop": "đã nộp, chờ tiếp nhận",
}


@dataclass
class TaskFact:
    code: str
    text: str


@dataclass
class TargetFact:
    code: str
    text: str
    goal: float | None = None
    unit: str | None = None
    comparator: str | None = None
    qualitative: bool = False
    asked: bool = True


@dataclass
class AreaFact:
    code: str
    ordinal: int
    title: str
    tasks: list[TaskFact] = field(default_factory=list)
    targets: list[TargetFact] = field(default_factory=list)


@dataclass
class BranchFact:
    """One branch's slot in the period, with its latest report when it submitted one."""

    unit_code: str
    unit_name: str
    status: str = "chua_nop"
    submitted_on: date | None = None
    late: bool = False
    note: str | None = None
    document_id: int | None = None
    document_label: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    task_codes: set[str] = field(default_factory=set)
    values: dict[str, float] = field(default_factory=dict)

    @property
    def submitted(self):
        return self.status in SUBMITTED and self.document_id is not None

    @property
    def source(self):
        """'[Báo cáo số 17-BC/CB](doc:12)'."""
        return f"[{self.document_label}](doc:{self.document_id})"


@dataclass
class MaterialFact:
    title: str
    acknowledged: int
    total: int

    @property
    def rate(self):
        return self.acknowledged / self.total if self.total else None


@dataclass
class PeriodFacts:
    title: str
    deadline: date
    plan_number: str | None = None
    plan_title: str | None = None
    areas: list[AreaFact] = field(default_factory=list)
    branches: list[BranchFact] = field(default_factory=list)
    materials: list[MaterialFact] = field(default_factory=list)


# --- the draft -----------------------------------------------------------------------------------------------------


def compose(facts: PeriodFacts, rank) -> dict:
    """{"title", "sections"} from the facts; `rank(paragraphs) -> [[(task code, score), ...], ...]` scores each
    paragraph against every task of the plan (similarity, used only to choose quotes)."""
    submitted = [b for b in facts.branches if b.submitted]
    quotes = choose_quotes(submitted, rank)
    tasks = [t for area in facts.areas for t in area.tasks]
    reported_tasks = [t.code for t in tasks if any(t.code in b.task_codes for b in submitted)]
    sections = [
        _section("mo_dau", "", 0, _intro(facts, submitted)),
        _section("tinh_hinh", "I. TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC CHI BỘ", 1, _situation(facts, submitted), submitted),
        _section(
            "ket_qua",
            "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
            1,
            f"Báo cáo của các chi bộ đề cập {len(reported_tasks)}/{len(tasks)} nhiệm vụ của Kế hoạch.",
        ),
    ]
    for area in facts.areas:
        body, used = _area_body(area, submitted, quotes)
        sections.append(_section(f"area:{area.code}", f"{area.ordinal}. {area.title}", 2, body, used))
    targets = [t for area in facts.areas for t in area.targets if t.asked or _values_of(t, submitted)]
    table, reached, missed, reported = target_table(targets, submitted)
    sections.append(
        _section(
            "chi_tieu",
            "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NĂM 2030",
            1,
            f"Có {reported}/{len(targets)} chỉ tiêu được các chi bộ báo cáo số liệu; so với mục tiêu đến năm 2030, "
            f"{reached} chỉ tiêu đạt, {missed} chỉ tiêu chưa đạt (tính theo bình quân số liệu các chi bộ báo cáo).",
            [b for b in submitted if b.values],
            table,
        )
    )
    sections.append(_section("chua_nop", "IV. CÁC CHI BỘ CHƯA NỘP BÁO CÁO", 1, _missing(facts)))
    sections.append(
        _section(
            "ket_luan",
            "V. ĐÁNH GIÁ CHUNG VÀ NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
            1,
            _conclusion(facts, submitted, reported_tasks, tasks, reached, missed),
        )
    )
    return {"title": draft_title(facts), "sections": sections}


def _section(key, title, level, body, sources=(), table=None):
    out = {"key": key, "title": title, "level": level, "body": body, "sources": [b.document_id for b in sources]}
    if table is not None:
        out["table"] = table
    return out


def period_phrase(title):
    """'quý IV năm 2026' from 'Báo cáo quý IV năm 2026'."""
    phrase = re.sub(r"^\s*báo cáo\s+", "", title or "", flags=re.IGNORECASE).strip()
    return phrase[:1].lower() + phrase[1:] if phrase else ""


def draft_title(facts):
    """The trích yếu under BÁO CÁO."""
    subject = "công tác cải cách hành chính"
    if facts.plan_title:
        subject = re.sub(r"^\s*(kế hoạch\s+)?", "", facts.plan_title.splitlines()[0], flags=re.IGNORECASE)
        subject = re.sub(r"\s*giai đoạn\s+\d{4}\s*-\s*\d{4}\s*$", "", subject).strip() or subject
        subject = subject[:1].lower() + subject[1:]
    return f"kết quả thực hiện Kế hoạch {subject} {period_phrase(facts.title)}".strip()


def _intro(facts, submitted):
    number = (facts.plan_number or "").strip("- ")
    plan_ref = f"Kế hoạch số {facts.plan_number}" if number else "Kế hoạch"
    return (
        f"Thực hiện {plan_ref} của Ban Thường vụ Đảng ủy Văn phòng UBND tỉnh về lãnh đạo thực hiện công tác cải cách "
        f"hành chính giai đoạn 2026-2030; trên cơ sở báo cáo của {len(submitted)}/{len(facts.branches)} chi bộ trực "
        f"thuộc, Đảng ủy Văn phòng báo cáo kết quả thực hiện {period_phrase(facts.title)} như sau:"
    )


def counts(facts):
    """Counts by outcome, for the situation and the conclusion."""
    submitted = [b for b in facts.branches if b.submitted]
    return {
        "total": len(facts.branches),
        "submitted": len(submitted),
        "on_time": sum(1 for b in submitted if not b.late),
        "late": sum(1 for b in submitted if b.late),
        "accepted": sum(1 for b in facts.branches if b.status == "da_tiep_nhan"),
        "returned": sum(1 for b in facts.branches if b.status == "yeu_cau_bo_sung"),
        "missing": sum(1 for b in facts.branches if not b.submitted),
    }


def _situation(facts, submitted):
    c = counts(facts)
    lines = [
        f"Hạn nộp báo cáo: ngày {facts.deadline:%d/%m/%Y}. Có {c['submitted']}/{c['total']} chi bộ đã nộp báo cáo "
        f"({c['on_time']} đúng hạn, {c['late']} nộp muộn); {c['accepted']} báo cáo đã được tiếp nhận, "
        f"{c['returned']} báo cáo được đề nghị bổ sung; {c['missing']} chi bộ chưa nộp."
    ]
    for b in submitted:
        when = f", nộp ngày {b.submitted_on:%d/%m/%Y}" if b.submitted_on else ""
        lines.append(
            f"- {b.unit_name}: {b.source}{when}{' (muộn hạn)' if b.late else ''}; {STATE_WORDS.get(b.status, b.status)}."
        )
    return "\n".join(lines)


def _missing(facts):
    names = [b.unit_name for b in facts.branches if not b.submitted]
    if not names:
        return "Tất cả các chi bộ đã nộp báo cáo."
    return (
        "\n".join(f"- {name}" for name in names)
        + "\n\nĐề nghị các chi bộ nêu trên khẩn trương hoàn thành, gửi báo cáo về Đảng ủy Văn phòng."
    )


# --- what each branch reported on, and which paragraph to quote ----------------------------------------------------


def quotable(paragraphs):
    """The body paragraphs worth quoting: not the lead-in sentence ending with ":" nor the closing formula."""
    return [p for p in paragraphs if not p.rstrip().endswith(":") and not NOT_QUOTED.match(p)]


def choose_quotes(branches, rank):
    """{(unit code, task code): paragraph}: for each task a branch linked, its body paragraph most about that task.

    A paragraph is about a task when that task scores above the floor and near the paragraph's best score over the
    whole plan; among the branch's linked tasks it is quoted under the one it is most about, and only once.
    """
    out = {}
    for branch in branches:
        paras = quotable(branch.paragraphs)
        best = {}
        for para, ranked in zip(paras, rank(paras), strict=True):
            if not ranked:
                continue
            top = ranked[0][1]
            about = [
                (score, code)
                for code, score in ranked
                if code in branch.task_codes
                and score >= THRESHOLDS["quote_min_score"]
                and score >= THRESHOLDS["quote_near_best"] * top
            ]
            if not about:
                continue
            score, code = max(about)
            if code not in best or score > best[code][0]:
                best[code] = (score, para)
        for code, (_score, para) in best.items():
            out[(branch.unit_code, code)] = shorten(ITEM_LABEL.sub("", para, count=1), MAX_QUOTE_CHARS)
    return out


def _area_body(area, submitted, quotes):
    """Per task the branches that reported on it (quote or plain mention, with the source); then the area's values."""
    lines, used = [], []
    for task in area.tasks:
        reporters = [b for b in submitted if task.code in b.task_codes]
        if not reporters:
            continue
        lines.append(f"Nhiệm vụ {task.code}: {shorten(task.text, 220)}")
        for b in reporters:
            quote = quotes.get((b.unit_code, task.code))
            if quote:
                lines.append(f"- {b.unit_name}: “{quote}” ({b.source})")
            else:
                lines.append(f"- {b.unit_name} có báo cáo về nhiệm vụ này ({b.source}).")
            used.append(b)
        lines.append("")
    for target in area.targets:
        reporters = [b for b in submitted if target.code in b.values]
        if not reporters:
            continue
        lines.append(f"Chỉ tiêu {target.code}: {shorten(target.text, 160)}")
        for b in reporters:
            lines.append(f"- {b.unit_name}: {format_quantity(b.values[target.code], target.unit)} ({b.source})")
            used.append(b)
        lines.append("")
    if not lines:
        return "Trong kỳ, chưa có chi bộ nào báo cáo về lĩnh vực này.", []
    return "\n".join(lines).strip(), list({b.unit_code: b for b in used}.values())


# --- targets -------------------------------------------------------------------------------------------------------


def _values_of(target, submitted):
    return [b.values[target.code] for b in submitted if target.code in b.values]


def assess(target, values):
    """(average, reached) against the 2030 value; (None, None) when there is nothing to compare."""
    if not values or target.goal is None or target.qualitative:
        return None, None
    average = sum(values) / len(values)
    lower = (target.comparator or "") in LOWER_IS_BETTER
    return average, (average <= target.goal if lower else average >= target.goal)


def goal_text(target):
    if target.qualitative or target.goal is None:
        return "Định tính"
    prefix = f"{target.comparator} " if target.comparator else ""
    return prefix + format_quantity(target.goal, target.unit)


def target_table(targets, submitted):
    """(rows, reached, missed, reported): code, target, 2030 value, each branch's value, assessment."""
    rows = [["Mã", "Chỉ tiêu", "Mục tiêu đến năm 2030", "Kết quả các chi bộ báo cáo", "Đánh giá"]]
    reached = missed = reported = 0
    for target in targets:
        values = _values_of(target, submitted)
        reported += bool(values)
        text = "; ".join(
            f"{b.unit_name}: {format_quantity(b.values[target.code], target.unit)}"
            for b in submitted
            if target.code in b.values
        )
        average, ok = assess(target, values)
        verdict = ""
        if ok is not None:
            reached, missed = reached + ok, missed + (not ok)
            verdict = f"Bình quân {format_quantity(average, target.unit)}; {'đạt' if ok else 'chưa đạt'} mục tiêu 2030"
        rows.append(
            [target.code, shorten(target.text, 160), goal_text(target), text or "Chưa có chi bộ báo cáo", verdict]
        )
    return rows, reached, missed, reported


# --- the conclusion: phrases chosen by the data --------------------------------------------------------------------


def acknowledgement_phrase(materials):
    """'cơ bản đã quán triệt' only when the data says so; the rates otherwise; a note for the secretariat if none."""
    rated = [m for m in materials if m.rate is not None]
    if not rated:
        return FOR_SECRETARIAT.format(what="việc nghiên cứu, quán triệt Kế hoạch (chưa có tài liệu quán triệt nào)")
    lowest = min(m.rate for m in rated)
    if lowest >= THRESHOLDS["ack_full"]:
        return "Các chi bộ đã tổ chức cho cán bộ, đảng viên nghiên cứu, quán triệt đầy đủ các tài liệu của Kế hoạch."
    if lowest >= THRESHOLDS["ack_basic"]:
        return (
            "Các chi bộ trực thuộc cơ bản đã quán triệt, triển khai Kế hoạch "
            f"(tỷ lệ cán bộ, đảng viên xác nhận quán triệt thấp nhất {format_ratio(lowest)})."
        )
    weak = [m for m in rated if m.rate < THRESHOLDS["ack_basic"]]
    listed = "; ".join(f"“{m.title}” {format_ratio(m.rate)} ({m.acknowledged}/{m.total})" for m in weak)
    return (
        f"Việc nghiên cứu, quán triệt chưa đạt yêu cầu: tỷ lệ cán bộ, đảng viên xác nhận quán triệt tài liệu {listed}."
    )


def _conclusion(facts, submitted, reported_tasks, tasks, reached, missed):
    c = counts(facts)
    gaps = [
        text
        for n, text in (
            (c["late"], f"{c['late']} chi bộ nộp báo cáo muộn"),
            (c["returned"], f"{c['returned']} báo cáo phải bổ sung"),
            (c["missing"], f"{c['missing']} chi bộ chưa nộp báo cáo"),
        )
        if n
    ]
    reporting = ("Tuy nhiên, còn " + ", ".join(gaps) + ".") if gaps else "Các chi bộ đều nộp báo cáo đầy đủ, đúng hạn."
    targets = (
        f" Theo số liệu báo cáo, {reached} chỉ tiêu đạt, {missed} chỉ tiêu chưa đạt mục tiêu đến năm 2030."
        if reached or missed
        else ""
    )
    return (
        f"{acknowledgement_phrase(facts.materials)}\n\n"
        f"{c['submitted']}/{c['total']} chi bộ báo cáo kết quả, đề cập {len(reported_tasks)}/{len(tasks)} nhiệm vụ "
        f"của Kế hoạch. {reporting}{targets}\n\n"
        f"{FOR_SECRETARIAT.format(what='kết quả nổi bật, hạn chế và nguyên nhân')}\n\n"
        "Thời gian tới, Ban Thường vụ Đảng ủy đề nghị các chi bộ tiếp tục lãnh đạo thực hiện nghiêm các nhiệm vụ của "
        "Kế hoạch; tập trung các chỉ tiêu chưa đạt; thực hiện nghiêm chế độ báo cáo định kỳ, bảo đảm đúng hạn, "
        "đủ nội dung, có số liệu minh chứng."
    )


def placeholders(sections):
    """The notes still left for the secretariat to write, in order."""
    return [m.group(0) for s in sections for m in PLACEHOLDER.finditer(s.get("body") or "")]


__all__ = ["compose", "THRESHOLDS", "format_number"]
