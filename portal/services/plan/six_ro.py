"""The "6 rõ" of plan tasks: completeness, plan-wide gaps, and the secretariat's edits (audited)."""

from portal.database import begin_write
from portal.errors import NotAllowed, ValidationFailed
from portal.extensions import db
from portal.models import Unit
from portal.models.plan import TASK_UNIT_ROLES, TaskUnit
from portal.services import audit
from portal.services.plan.common import is_plan_editor, plan_tasks
from portal.text.dates import parse_user_date

SIX_RO = (
    ("nguoi", "Rõ người"),
    ("viec", "Rõ việc"),
    ("trach_nhiem", "Rõ trách nhiệm"),
    ("thoi_gian", "Rõ thời gian"),
    ("san_pham", "Rõ sản phẩm"),
    ("tham_quyen", "Rõ thẩm quyền"),
)
EDITABLE = {"deadline": None, "periodicity": 200, "product": 2000, "authority": 200}


def task_units(task, role=None):
    """The task's units (optionally of one role), chủ trì first."""
    rows = sorted(task.unit_rows, key=lambda r: (r.role != "chu_tri", r.unit.code if r.unit else ""))
    return [r for r in rows if role is None or r.role == role]


def six_ro_status(task):
    """Each of the six (key, label, ok, value) for a task, with the list of missing labels."""
    leads = task_units(task, "chu_tri")
    values = {
        "nguoi": ", ".join(r.unit.name for r in task_units(task)) or None,
        "viec": task.text or None,
        "trach_nhiem": ("Chủ trì: " + ", ".join(r.unit.name for r in leads)) if leads else None,
        "thoi_gian": "; ".join(
            x for x in (task.deadline.strftime("%d/%m/%Y") if task.deadline else None, task.periodicity) if x
        )
        or None,
        "san_pham": task.product or None,
        "tham_quyen": task.authority or None,
    }
    items = [{"key": key, "label": label, "ok": bool(values[key]), "value": values[key]} for key, label in SIX_RO]
    missing = [item["label"] for item in items if not item["ok"]]
    return {
        "items": items,
        "missing": missing,
        "missing_keys": [i["key"] for i in items if not i["ok"]],
        "complete": not missing,
        **{key: bool(values[key]) for key, _ in SIX_RO},
    }


def plan_gaps(plan):
    """Plan-wide gaps: tasks with something missing, counts per criterion, and how many tasks are complete."""
    tasks = plan_tasks(plan)
    statuses = [(task, six_ro_status(task)) for task in tasks]
    per_key = {key: sum(1 for _, s in statuses if not s[key]) for key, _ in SIX_RO}
    return {
        "total": len(tasks),
        "complete": sum(1 for _, s in statuses if s["complete"]),
        "by_criterion": [{"key": key, "label": label, "missing": per_key[key]} for key, label in SIX_RO],
        "tasks": [{"task": task, "status": status} for task, status in statuses if not status["complete"]],
    }


def _require_editor(user):
    """Only the secretariat (and admin) edit the 6 rõ."""
    if not is_plan_editor(user):
        raise NotAllowed("Chỉ bộ phận giúp việc được sửa “6 rõ” của nhiệm vụ.")


def parse_deadline(value):
    """A task deadline typed by people (the one date parser); empty means none."""
    return parse_user_date(value, "Thời hạn")


def _clean_fields(fields):
    """Validated editable fields (deadline as a date, texts stripped; empty text means none)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationFailed("Không sửa được trường: " + ", ".join(sorted(unknown)) + ".")
    clean = {}
    for name, value in fields.items():
        if name == "deadline":
            clean[name] = parse_deadline(value)
            continue
        text = (value or "").strip()
        if len(text) > EDITABLE[name]:
            raise ValidationFailed(f"Nội dung quá dài (tối đa {EDITABLE[name]} ký tự).")
        clean[name] = text or None
    return clean


def _snapshot(task):
    """The editable 6 rõ of a task as JSON-ready data, for the audit log."""
    return {
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "periodicity": task.periodicity,
        "product": task.product,
        "authority": task.authority,
        "units": [[r.unit.code if r.unit else r.unit_id, r.role] for r in task_units(task)],
    }


def _wanted_units(pairs):
    """Validated {unit_id: role} from [(unit_id, role)]."""
    wanted = {}
    for unit_id, role in pairs:
        if role not in TASK_UNIT_ROLES:
            raise ValidationFailed("Vai trò đơn vị phải là “Chủ trì” hoặc “Phối hợp”.")
        unit = db.session.get(Unit, int(unit_id)) if str(unit_id).isdigit() else None
        if unit is None:
            raise ValidationFailed(f"Không tìm thấy đơn vị {unit_id}.")
        if unit.id in wanted and wanted[unit.id] != role:
            raise ValidationFailed(f"{unit.name} không thể vừa chủ trì vừa phối hợp.")
        wanted[unit.id] = role
    return wanted


def _apply_units(task, wanted):
    """Make the task's unit rows exactly `wanted`, keeping rows that stay."""
    current = {r.unit_id: r for r in task.unit_rows}
    for unit_id, row in list(current.items()):
        if unit_id not in wanted:
            task.unit_rows.remove(row)
    for unit_id, role in wanted.items():
        if unit_id in current:
            current[unit_id].role = role
        else:
            task.unit_rows.append(TaskUnit(unit_id=unit_id, role=role))
    db.session.flush()
    db.session.expire(task, ["unit_rows"])


def update_task(task, fields, user):
    """Edit a task's 6 rõ (secretariat): deadline, periodicity, product, authority and, under "units",
    [(unit_id, role)]; all validated first, one transaction, audited before/after."""
    _require_editor(user)
    fields = dict(fields)
    wanted = _wanted_units(fields.pop("units")) if "units" in fields else None
    clean = _clean_fields(fields)
    begin_write()
    before = _snapshot(task)
    for name, value in clean.items():
        setattr(task, name, value)
    if wanted is not None:
        _apply_units(task, wanted)
    task.updated_by_id = user.id
    after = _snapshot(task)
    if after != before:
        audit.record(
            "plan.task_update", task, user=user, summary=f"Sửa 6 rõ nhiệm vụ {task.code}", before=before, after=after
        )
    db.session.commit()
    return task


def set_task_units(task, pairs, user):
    """Replace the task's responsible units with [(unit_id, role)] (chủ trì / phối hợp); audited."""
    return update_task(task, {"units": list(pairs)}, user)
