"""SQL statements per request stay the same when the data triples (issue 15, §3).

The demo data is loaded, every main page is opened as each role and its statements counted (SQLAlchemy's
`before_cursor_execute`); then documents, their units, citations and task links, plan tasks, targets with reported
values, branches with their report slots and submissions are tripled, and the pages are counted again. A page whose
count grows with the data loads something per row (N+1) and fails here.
"""

import re
from collections import defaultdict
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select
from support import PASSWORD, PortalClient

from portal.demo import DEMO_PASSWORD
from portal.extensions import db

ROLES = {
    "admin": "admin",  # the test suite's admin (the demo keeps an existing admin account)
    "leadership": "btv.tu",
    "secretariat": "giupviec.ha",
    "inspector": "ubkt.son",
    "branch_secretary": "bithu.hcqt",
    "member": "dangvien.an",
}
# A small, fixed allowance: a page may add a statement when, say, a panel that was empty gets its first row.
SLACK = 2


@contextmanager
def counting():
    """Count the SQL statements sent to the database inside the block."""
    seen = []

    def _count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def _signed_in(app, username):
    client = app.test_client()
    assert isinstance(client, PortalClient)
    client.reset_csrf()
    password = PASSWORD if username == "admin" else DEMO_PASSWORD
    response = client.post("/auth/login", data={"username": username, "password": password})
    assert response.status_code == 302, username
    client.reset_csrf()
    return client


def _pages():
    """(label, path) of every page the guard covers, with ids taken from the data."""
    from portal.models import Document, Plan, PlanTask, ReportingPeriod

    document_id = db.session.scalar(select(func.min(Document.id)).where(Document.visibility == "all"))
    plan = db.session.scalar(select(Plan).order_by(Plan.id))
    task = db.session.scalar(select(PlanTask.code).where(PlanTask.plan_id == plan.id).order_by(PlanTask.id))
    period = db.session.scalar(select(ReportingPeriod.id).order_by(ReportingPeriod.id))
    return [
        ("home", "/"),
        ("document list", "/documents/"),
        ("document page", f"/documents/{document_id}"),
        ("search", "/search/?q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh"),
        ("plan tree", f"/plan/{plan.id}"),
        ("task page", f"/plan/tasks/{task}"),
        ("reports overview", "/reports/"),
        ("status matrix", f"/reports/periods/{period}"),
        ("scorecard", "/reports/scorecard"),
    ]


def measure(app):
    """{(role, page): statements} for every role and page (pages a role may not open are left out)."""
    counts = {}
    pages = _pages()
    for role, username in ROLES.items():
        client = _signed_in(app, username)
        for label, path in pages:
            client.get(path)  # warm: first-use caches (index reader, templates) are not what we measure
            db.session.remove()  # each request starts with an empty session, as it does in production
            with counting() as seen:
                response = client.get(path)
            if response.status_code == 200:
                counts[(role, label)] = len(seen)
            db.session.rollback()
    return counts


# --- tripling the data -------------------------------------------------------------------------------------------


def triple(app, tmp_path):
    """Add twice the demo's rows of every kind a page lists or counts."""
    from portal.models import (
        Document,
        DocumentTaskLink,
        PeriodUnit,
        Plan,
        PlanArea,
        PlanTarget,
        PlanTask,
        ReportingPeriod,
        Submission,
        TargetValue,
        TaskUnit,
        Unit,
        User,
    )
    from portal.services import documents
    from portal.services.accounts import units

    admin = db.session.scalar(select(User).where(User.username == "admin"))
    branches = db.session.scalars(select(Unit).where(Unit.kind == "branch")).all()
    for n in range(2 * len(branches)):
        units.create_unit(f"CB-THEM-{n}", f"Chi bộ thêm {n}", "branch", "DUVP" if _has("DUVP") else None)
    branches = db.session.scalars(select(Unit).where(Unit.kind == "branch")).all()

    existing = db.session.scalars(select(Document).where(Document.deleted_at.is_(None))).all()
    numbers = [d.number for d in existing if d.number][:5]
    made = []
    for n in range(2 * len(existing)):
        path = tmp_path / f"them-{n}.txt"
        cited = numbers[n % len(numbers)] if numbers else ""
        path.write_text(
            f"Báo cáo kết quả cải cách hành chính số {n}. Căn cứ văn bản số {cited} của Đảng ủy.", encoding="utf-8"
        )
        visibility = ("all", "units", "leadership")[n % 3]
        owner = branches[n % len(branches)].code
        result = documents.upload_document(
            str(path),
            f"bao-cao-them-{n}.txt",
            user=admin,
            apply_index=True,
            visibility=visibility,
            unit_codes=[branches[(n + 1) % len(branches)].code] if visibility == "units" else (),
            owner_unit_code=owner,
            metadata={"title": f"Báo cáo cải cách hành chính thêm {n}", "issuer": f"Chi bộ {n % 7}"},
        )
        made.append(result.document)

    plan = db.session.scalar(select(Plan).order_by(Plan.id))
    areas = db.session.scalars(select(PlanArea).where(PlanArea.plan_id == plan.id)).all()
    tasks = db.session.scalars(select(PlanTask).where(PlanTask.plan_id == plan.id)).all()
    targets = db.session.scalars(select(PlanTarget).where(PlanTarget.plan_id == plan.id)).all()
    for n in range(2 * len(tasks)):
        area = areas[n % len(areas)]
        task = PlanTask(plan_id=plan.id, area_id=area.id, code=f"{area.code}.T{n}", ordinal=1000 + n, text=f"Việc {n}")
        task.unit_rows = [TaskUnit(unit_id=branches[n % len(branches)].id, role="chu_tri")]
        db.session.add(task)
    for n in range(2 * len(targets)):
        area = areas[n % len(areas)]
        target = PlanTarget(
            plan_id=plan.id, area_id=area.id, code=f"{area.code}.X{n}", ordinal=1000 + n, text=f"Chỉ tiêu {n}"
        )
        target.value, target.unit, target.year = 100.0, "%", 2030
        db.session.add(target)
    db.session.flush()
    all_tasks = db.session.scalars(select(PlanTask).where(PlanTask.plan_id == plan.id)).all()
    all_targets = db.session.scalars(select(PlanTarget).where(PlanTarget.plan_id == plan.id)).all()
    for n, document in enumerate(made):
        db.session.add(DocumentTaskLink(document_id=document.id, task_id=all_tasks[n % len(all_tasks)].id))
    for n, target in enumerate(all_targets):
        for k in range(3):
            db.session.add(
                TargetValue(target_id=target.id, unit_id=branches[(n + k) % len(branches)].id, value=10.0 * k)
            )
    period = db.session.scalar(select(ReportingPeriod).order_by(ReportingPeriod.id))
    held = set(db.session.scalars(select(PeriodUnit.unit_id).where(PeriodUnit.period_id == period.id)))
    for n, unit in enumerate(branches):
        if unit.id not in held:
            slot = PeriodUnit(period_id=period.id, unit_id=unit.id, status="da_nop")
            document = made[n % len(made)]
            slot.submissions = [Submission(document_id=document.id, document_version_id=document.versions[-1].id)]
            db.session.add(slot)
    db.session.commit()


def _has(code):
    from portal.models import Unit

    return db.session.scalar(select(Unit.id).where(Unit.code == code)) is not None


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    return app


@pytest.mark.slow
def test_statements_per_page_do_not_grow_with_the_data(demo, tmp_path, capsys):
    before = measure(demo)
    triple(demo, tmp_path)
    after = measure(demo)
    grown = defaultdict(list)
    lines = []
    for key in sorted(before):
        lines.append(f"{key[0]:>16} {key[1]:<16} {before[key]:>4} -> {after.get(key, '-')}")
        if key in after and after[key] > before[key] + SLACK:
            grown[key[1]].append(f"{key[0]} {before[key]} -> {after[key]}")
    with capsys.disabled():
        print("\nSQL statements per request, demo data -> tripled:\n" + "\n".join(lines))
    expected = {label for label, _ in _pages()}
    assert {label for _, label in before} == expected  # every page was measured by at least one role
    assert not grown, dict(grown)


def test_the_counter_sees_an_n_plus_one(demo):
    """The guard itself: a loop of per-row selects is counted as such."""
    from portal.models import Document

    ids = db.session.scalars(select(Document.id).limit(5)).all()
    with counting() as seen:
        for i in ids:
            db.session.execute(select(Document.title).where(Document.id == i)).all()
    assert len(seen) == len(ids) and all(re.search(r"FROM documents", s) for s in seen)
