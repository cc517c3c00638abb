"""Importing a plan document into the database (idempotent) and pre-filling the 6 rõ from what the plan states."""

from datetime import date

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Unit
from portal.models.plan import Plan, PlanArea, PlanAssignment, PlanTarget, PlanTask, TaskUnit
from portal.plan.parser import parse_plan
from portal.services import audit
from portal.services.accounts.units import active_branches
from portal.services.plan.common import plan_tasks
from portal.text import fold

UNIT_KIND_FOR_ASSIGNMENT = {"secretariat": "secretariat", "inspection": "committee"}
PERIODIC = ("định kỳ", "hằng ", "thường xuyên")


def _iso_date(value):
    """An ISO date string (or None) as a date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _sync(existing, items, make, update):
    """Match rows to parsed items by code: update in place, create new ones, return the rows no longer in the plan."""
    by_code = {row.code: row for row in existing}
    kept = []
    for ordinal, item in enumerate(items, 1):
        row = by_code.pop(item.code, None) or make(item)
        update(row, item, ordinal)
        kept.append(row)
    return kept, list(by_code.values())


def _unit_for_assignment(assignment):
    """The unit a section III assignment names: a chi bộ by name, the secretariat or the inspection committee by kind."""
    kind = UNIT_KIND_FOR_ASSIGNMENT.get(assignment.unit_kind)
    if kind:
        return db.session.scalar(select(Unit).where(Unit.kind == kind).order_by(Unit.id).limit(1))
    if assignment.unit_kind == "branch":
        wanted = fold(assignment.unit_name)
        return next((u for u in active_branches() if fold(u.name) == wanted), None)
    return None


def _fill_plan(plan, parsed, document):
    """Header fields of the plan from the parsed text."""
    plan.title = parsed.title or document.title or "Kế hoạch"
    plan.number = parsed.number
    plan.is_draft = parsed.is_draft
    plan.issued_on = _iso_date(parsed.issued_on)
    plan.issued_year, plan.issued_month = parsed.issued_year, parsed.issued_month
    plan.purposes, plan.requirements = parsed.purposes, parsed.requirements


def _sync_areas(plan, parsed):
    """Areas, tasks and targets by code; 6 rõ fields, target baselines and reported values are left untouched."""

    def update_area(row, item, ordinal):
        row.code, row.ordinal, row.title = item.code, ordinal, item.title

    areas, gone = _sync(plan.areas, parsed.areas, lambda item: PlanArea(code=item.code), update_area)
    plan.areas = areas
    for area, item in zip(areas, parsed.areas, strict=False):

        def update_task(row, task, ordinal, area=area):
            row.code, row.ordinal, row.text, row.plan = task.code, ordinal, task.text, plan

        def update_target(row, target, ordinal):
            row.code, row.ordinal, row.text, row.plan_id = target.code, ordinal, target.text, plan.id
            row.value, row.unit, row.year = target.value, target.unit, target.year
            row.comparator, row.qualitative = target.comparator, target.qualitative

        area.tasks, _ = _sync(area.tasks, item.tasks, lambda t: PlanTask(code=t.code), update_task)
        area.targets, _ = _sync(
            area.targets, item.targets, lambda t: PlanTarget(code=t.code, plan_id=plan.id), update_target
        )
    return gone


def _sync_assignments(plan, parsed):
    """Section III assignments, replaced by the parsed ones (they carry no edits of their own)."""
    plan.assignments = [
        PlanAssignment(
            code=a.code,
            ordinal=i,
            unit_name=a.unit_name,
            unit_kind=a.unit_kind,
            unit_id=getattr(_unit_for_assignment(a), "id", None),
            text=a.text,
            items=a.items,
        )
        for i, a in enumerate(parsed.assignments, 1)
    ]


def parse_document(document):
    """The parsed plan of a document, from its extracted text (which keeps the list numbering and bullets)."""
    return parse_plan(document.text or "")


def import_plan(document, user):
    """Parse the document's text into a Plan; re-importing the same document updates it in place, codes stable."""
    parsed = parse_document(document)
    if not parsed.areas:
        raise ValidationFailed(
            "Không đọc được nhiệm vụ nào trong văn bản: cần mục “II. NHIỆM VỤ, GIẢI PHÁP” với các lĩnh vực đánh số."
        )
    begin_write()
    plan = db.session.scalar(select(Plan).where(Plan.document_id == document.id).order_by(Plan.id).limit(1))
    created = plan is None
    if created:
        plan = Plan(document_id=document.id)
        db.session.add(plan)
        db.session.flush()
    _fill_plan(plan, parsed, document)
    gone = _sync_areas(plan, parsed)
    for area in gone:
        db.session.delete(area)
    db.session.flush()
    for area in plan.areas:
        for row in [*area.tasks, *area.targets]:
            row.plan_id, row.area_id = plan.id, area.id
    _sync_assignments(plan, parsed)
    counts = {
        "areas": len(parsed.areas),
        "tasks": sum(len(a.tasks) for a in parsed.areas),
        "targets": sum(len(a.targets) for a in parsed.areas),
        "assignments": len(parsed.assignments),
    }
    audit.record(
        "plan.import",
        plan,
        user=user,
        after=counts,
        summary=("Nhập" if created else "Cập nhật") + f" kế hoạch từ văn bản #{document.id}",
    )
    db.session.commit()
    return plan


def _own_timing(task_hints):
    """(deadline date, periodicity) the task's own text states; an area-wide "đến năm 2030" does not count."""
    deadline = None
    if task_hints.deadline and task_hints.deadline in task_hints.timing:
        years = [int(w) for w in task_hints.deadline.split() if w.isdigit() and len(w) == 4]
        deadline = date(years[0], 12, 31) if years else None
    periodic = next((t for t in task_hints.timing if t.lower().startswith(PERIODIC)), None)
    return deadline, (periodic[:1].upper() + periodic[1:]) if periodic else None


def _default_units(hints):
    """(unit, role) pairs section III implies: every chi bộ trực thuộc leads, the bộ phận giúp việc supports."""
    pairs = []
    if hints.lead:
        pairs += [(u, "chu_tri") for u in active_branches()]
    if any(fold(s).startswith("bo phan giup viec") for s in hints.support):
        secretariat = db.session.scalars(select(Unit).where(Unit.kind == "secretariat", Unit.is_active.is_(True))).all()
        pairs += [(u, "phoi_hop") for u in secretariat]
    return pairs


def prefill_six_ro(plan, user=None):
    """Fill empty 6 rõ fields from section III and the task texts; never overwrite what the secretariat set."""
    parsed = parse_document(plan.document) if plan.document else parse_plan("")
    hints = {t.code: t.hints for a in parsed.areas for t in a.tasks}
    begin_write()
    filled = 0
    for task in plan_tasks(plan):
        hint = hints.get(task.code)
        if hint is None:
            continue
        before = filled
        if not task.unit_rows:
            task.unit_rows = [TaskUnit(unit_id=u.id, role=role) for u, role in _default_units(hint)]
            filled += bool(task.unit_rows)
        if not task.authority and hint.approver:
            task.authority, filled = hint.approver, filled + 1
        deadline, periodicity = _own_timing(hint)
        if not task.deadline and deadline:
            task.deadline, filled = deadline, filled + 1
        if not task.periodicity and periodicity:
            task.periodicity, filled = periodicity, filled + 1
        if not task.product and hint.products:
            task.product, filled = "; ".join(p[:1].upper() + p[1:] for p in hint.products), filled + 1
        if filled > before:
            task.updated_by_id = getattr(user, "id", None)
    audit.record(
        "plan.prefill", plan, user=user, summary=f"Điền sẵn 6 rõ theo kế hoạch: {filled} mục", after={"filled": filled}
    )
    db.session.commit()
    return filled


def import_plan_file(path, user, *, original_name=None, visibility="all", owner_unit_code=None):
    """Upload a plan file through the documents service (type ke_hoach) and import it; a re-upload updates the plan."""
    import os

    from portal.services import documents

    result = documents.upload_document(
        path,
        original_name or os.path.basename(path),
        user=user,
        doc_type="ke_hoach",
        visibility=visibility,
        owner_unit_code=owner_unit_code,
        source="plan",
        apply_index=True,
    )
    document = result.duplicate_of or result.document
    return import_plan(document, user), result.status
