"""`flask demo load` (what `make run` calls) loads every area and a second run adds nothing twice."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Acknowledgement,
    Document,
    DocumentTaskLink,
    Finding,
    Material,
    Plan,
    PlanTask,
    ReportingPeriod,
    Submission,
    Unit,
    User,
)

COUNTED = (
    Unit,
    User,
    Document,
    Plan,
    PlanTask,
    DocumentTaskLink,
    ReportingPeriod,
    Submission,
    Finding,
    Material,
    Acknowledgement,
)


def _counts():
    db.session.rollback()
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}


def test_demo_load_fills_every_area_and_is_idempotent(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "giupviec.ha" in first.stdout and "Demo@LaoCai2026" in first.stdout
    after_first = _counts()
    assert after_first["Plan"] == 1 and after_first["PlanTask"] == 40
    assert all(after_first[name] > 0 for name in ("Document", "Submission", "Finding", "Material", "Acknowledgement"))
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert _counts() == after_first
