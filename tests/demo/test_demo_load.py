"""`flask demo load` (what `make run` calls) loads every area and a second run adds nothing twice."""

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from portal.clock import frozen
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

LOADED = datetime(2026, 12, 2, 3, 0)  # 10:00 in Lào Cai
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
    with frozen(LOADED):
        first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "giupviec.ha" in first.stdout and "Demo@LaoCai2026" in first.stdout
    after_first = _counts()
    assert after_first["Plan"] == 1 and after_first["PlanTask"] == 40
    assert all(after_first[name] > 0 for name in ("Document", "Submission", "Finding", "Material", "Acknowledgement"))
    _dates_are_coherent_with_the_day_it_was_loaded()
    with frozen(LOADED):
        second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert _counts() == after_first


def _dates_are_coherent_with_the_day_it_was_loaded():
    """The quarter-IV period is around the day of loading; no report is dated or sent after that day."""
    today = date(2026, 12, 2)
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.title == "Báo cáo quý IV năm 2026"))
    assert period.starts_on == date(2026, 10, 1) and period.starts_on <= today <= period.deadline + timedelta(days=30)
    for submission in db.session.scalars(select(Submission)):
        assert submission.submitted_at.date() <= today
        assert submission.document.issued_on is not None and submission.document.issued_on < today
