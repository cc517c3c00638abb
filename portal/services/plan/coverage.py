"""What answers the plan: a task's documents, suggested documents, the coverage matrix, and home page panels."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import Document, DocumentVersion
from portal.models.plan import DocumentTaskLink, PlanTarget, PlanTask, TargetValue
from portal.plan.suggest import TaskIndex
from portal.security import document_clause, secretary_unit_id, visible_document_ids
from portal.services.accounts.units import active_branches
from portal.services.plan.common import is_plan_editor, plan_tasks

EVIDENCE = ("bao_cao_ket_qua", "minh_chung")
MAX_CANDIDATES = 500
TEXT_CHARS = 20_000


def task_documents(task, user):
    """The task's links whose document the user may see, newest first."""
    return list(
        db.session.scalars(
            select(DocumentTaskLink)
            .where(DocumentTaskLink.task_id == task.id, DocumentTaskLink.document_id.in_(visible_document_ids(user)))
            .options(
                joinedload(DocumentTaskLink.document).joinedload(Document.owner_unit),
                joinedload(DocumentTaskLink.created_by),
            )
            .order_by(DocumentTaskLink.created_at.desc(), DocumentTaskLink.id.desc())
        )
    )


def suggest_documents_for_task(task, user, limit=5):
    """[(document, score)]: visible documents not yet linked to the task, ranked by BM25 similarity to its text."""
    linked = select(DocumentTaskLink.document_id).where(DocumentTaskLink.task_id == task.id)
    docs = list(
        db.session.scalars(
            select(Document)
            .where(
                Document.id.in_(visible_document_ids(user)),
                Document.id.not_in(linked),
                Document.id != (task.plan.document_id or -1),
            )
            .options(selectinload(Document.versions).selectinload(DocumentVersion.pages))  # d.text, not 2 per doc
            .order_by(Document.created_at.desc())
            .limit(MAX_CANDIDATES)
        )
    )
    if not docs:
        return []
    by_key = {str(d.id): d for d in docs}
    index = TaskIndex.build([(str(d.id), f"{d.title or ''}\n{(d.text or '')[:TEXT_CHARS]}") for d in docs])
    return [(by_key[key], score) for key, score in index.rank(task.text, limit)]


def _evidence_counts(plan, user=None):
    """(task_id, owner_unit_id) -> number of linked reports/evidence (visible to the user when given)."""
    query = (
        select(DocumentTaskLink.task_id, Document.owner_unit_id, func.count(func.distinct(Document.id)))
        .join(Document, Document.id == DocumentTaskLink.document_id)
        .join(PlanTask, PlanTask.id == DocumentTaskLink.task_id)
        .where(PlanTask.plan_id == plan.id, DocumentTaskLink.relation.in_(EVIDENCE), Document.deleted_at.is_(None))
        .group_by(DocumentTaskLink.task_id, Document.owner_unit_id)
    )
    if user is not None:  # the rule on each linked document's row: the cost follows the links, not the data
        query = query.where(document_clause(user))
    return {(task_id, unit_id): n for task_id, unit_id, n in db.session.execute(query)}


def coverage_matrix(plan, user):
    """Tasks × chi bộ: how many reports/evidence each branch linked to each task (documents the user may see)."""
    units = active_branches()
    counts = _evidence_counts(plan, user)
    rows = []
    for task in plan_tasks(plan):
        cells = [counts.get((task.id, unit.id), 0) for unit in units]
        other = sum(
            n for (task_id, unit_id), n in counts.items() if task_id == task.id and unit_id not in {u.id for u in units}
        )
        rows.append({"task": task, "counts": cells, "other": other, "total": sum(cells) + other})
    return {"units": units, "rows": rows, "unit_totals": [sum(r["counts"][i] for r in rows) for i in range(len(units))]}


def tasks_without_evidence(plan, user):
    """Tasks with no report or evidence document, among those the user may see, linked yet."""
    answered = {task_id for task_id, _ in _evidence_counts(plan, user)}
    return [task for task in plan_tasks(plan) if task.id not in answered]


def unreported_targets(plan, unit_id):
    """Quantitative targets for which the unit has reported no value."""
    reported = set(db.session.scalars(select(TargetValue.target_id).where(TargetValue.unit_id == unit_id)))
    targets = db.session.scalars(
        select(PlanTarget)
        .where(PlanTarget.plan_id == plan.id, PlanTarget.qualitative.is_(False))
        .order_by(PlanTarget.area_id, PlanTarget.ordinal)
    )
    return [t for t in targets if t.id not in reported]


def task_period_reports(task, user):
    """Submitted period reports (visible to the user) of periods that ask about this task, newest first."""
    from portal.models.reporting import PeriodTask, PeriodUnit, Submission

    periods = select(PeriodTask.period_id).where(PeriodTask.task_id == task.id)
    return list(
        db.session.scalars(
            select(Submission)
            .join(PeriodUnit, PeriodUnit.id == Submission.slot_id)
            .where(PeriodUnit.period_id.in_(periods), Submission.document_id.in_(visible_document_ids(user)))
            .order_by(Submission.submitted_at.desc())
        )
    )


def evidence_choices(user, limit=50):
    """Documents a user may cite as evidence: their own chi bộ's for a branch secretary, else any visible; newest first."""
    query = (
        select(Document)
        .where(Document.id.in_(visible_document_ids(user)))
        .order_by(Document.created_at.desc())
        .limit(limit)
    )
    unit_id = None if is_plan_editor(user) else secretary_unit_id(user)
    if unit_id is not None:
        query = query.where(Document.owner_unit_id == unit_id)
    return list(db.session.scalars(query))
