"""API routes for reports: periods with status counts, slot statuses, and submitting a branch report."""

from flask import jsonify, request
from flask_login import current_user

from portal.services import reporting
from portal.services.accounts.units import unit_by_code
from portal.services.documents import received_file

from ...errors import ValidationFailed
from ...models import PERIOD_KINDS, SLOT_STATUSES
from ...security import permission_required
from ...text.codes import code_list
from .blueprint import bp


def _period_json(row):
    period = row.period
    return {
        "id": period.id,
        "title": period.title,
        "kind": period.kind,
        "kind_label": PERIOD_KINDS.get(period.kind),
        "deadline": period.deadline.isoformat(),
        "is_closed": period.is_closed,
        "starts_on": period.starts_on.isoformat() if period.starts_on else None,
        "ends_on": period.ends_on.isoformat() if period.ends_on else None,
        "counts": row.counts,
        "tasks": [t.code for t in reporting.asked_tasks(period)],
        "targets": [t.code for t in reporting.asked_targets(period)],
    }


def _slot_json(slot):
    latest = reporting.latest_submission(slot)
    return {
        "id": slot.id,
        "unit": slot.unit.code,
        "unit_name": slot.unit.name,
        "status": slot.status,
        "status_label": SLOT_STATUSES.get(slot.status, slot.status),
        "submitted_at": slot.submitted_at.isoformat() + "Z" if slot.submitted_at else None,
        "is_late": bool(latest and latest.is_late),
        "document_id": latest.document_id if latest else None,
        "version_no": latest.version_no if latest else 0,
        "review_comment": slot.review_comment,
    }


def submission_json(submission):
    """A submission as the API answers it."""
    return {
        "id": submission.id,
        "slot_id": submission.slot_id,
        "period_id": submission.slot.period_id,
        "unit": submission.slot.unit.code,
        "version_no": submission.version_no,
        "document_id": submission.document_id,
        "is_late": submission.is_late,
        "status": submission.slot.status,
        "submitted_at": submission.submitted_at.isoformat() + "Z",
    }


@bp.get("/periods")
@permission_required("reports.view_own")
def periods():
    """Periods the user may see, with status counts over the slots the user may see."""
    return jsonify({"periods": [_period_json(row) for row in reporting.period_rows(current_user)]})


@bp.get("/periods/<int:period_id>/status")
@permission_required("reports.view_own")
def period_status(period_id):
    """Slots of a period: all for secretariat/inspector/admin, the own branch's for a branch secretary."""
    period = reporting.get_period(period_id, current_user)
    slots = reporting.visible_slots(period, current_user)
    return jsonify(
        {
            "period": {
                "id": period.id,
                "title": period.title,
                "deadline": period.deadline.isoformat(),
                "is_closed": period.is_closed,
            },
            "counts": reporting.status_counts(period, slots),
            "slots": [_slot_json(s) for s in slots],
        }
    )


def _targets(form):
    """target_<code>=value fields as TargetInput (evidence: the report itself, or evidence_<code>=document id)."""
    out = []
    for key, value in form.items():
        if key.startswith("target_") and value.strip():
            code = key[len("target_") :]
            evidence = form.get(f"evidence_{code}")
            if evidence and not evidence.isdigit():
                raise ValidationFailed(f"Mã văn bản minh chứng cho chỉ tiêu {code} phải là số.", status=422)
            out.append(reporting.TargetInput(code, value, evidence_document_id=int(evidence) if evidence else None))
    return out


@bp.post("/periods/<int:period_id>/submissions")
@permission_required("reports.view_own")
def submit(period_id):
    """Multipart: file, tasks, target_<code>=value, optional unit (must be the own branch), note. 201 with the submission."""
    unit_id = None
    if request.form.get("unit"):
        unit = unit_by_code(request.form["unit"])
        unit_id = unit.id if unit else -1
    file = request.files.get("file")
    reporting.require_report_file(file is not None and file.filename)
    tasks, targets = code_list(request.form.getlist("tasks")), _targets(request.form)
    reporting.check_submit_allowed(period_id, current_user, unit_id=unit_id)
    with received_file(file) as path:
        submission = reporting.submit_report(
            period_id,
            current_user,
            path,
            file.filename,
            task_codes=tasks,
            targets=targets,
            note=request.form.get("note"),
            unit_id=unit_id,
        )
    return jsonify(submission_json(submission)), 201
