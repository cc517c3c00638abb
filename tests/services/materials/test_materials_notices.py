"""A material dated in the future notifies its audience on its day, not when it is published (issue 12 §3)."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Job, Notification
from portal.services import jobs
from portal.services import materials as service

PUBLISHED_ON = datetime(2026, 12, 1, 3, 0)  # 10:00 in Hà Nội on 01/12/2026
DAY = date(2026, 12, 4)


def _notified(user, title_part="Kế hoạch tuyên truyền"):
    db.session.rollback()
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == user.id)).all()
    return [t for t in titles if title_part in t]


def _notices():
    db.session.rollback()
    return list(db.session.scalars(select(Job).where(Job.kind == "materials.notice")))


def _publish_for_later(make_material, **fields):
    with clock.frozen(PUBLISHED_ON):
        return make_material("Kế hoạch tuyên truyền Đại hội", publish_on="04/12/2026", **fields)


def test_nobody_is_notified_before_the_day_and_everyone_on_it(app, users, make_material):
    material = _publish_for_later(make_material)
    assert _notified(users["member"]) == []  # before the fix, the title arrived at once
    (notice,) = _notices()
    assert notice.run_after == datetime(2026, 12, 3, 17, 0)  # 00:00 of 04/12 in Vietnam, stored in UTC
    with clock.frozen(datetime(2026, 12, 3, 16, 59)):  # 23:59 on 03/12 in Hà Nội
        assert jobs.drain(app, ["materials.notice"]) == 0
    assert _notified(users["member"]) == []
    with clock.frozen(datetime(2026, 12, 3, 17, 1)):
        assert jobs.drain(app, ["materials.notice"]) == 1
        assert service.is_live(db.session.get(type(material), material.id))
    assert _notified(users["member"]) == ["Tài liệu cần nghiên cứu, quán triệt: Kế hoạch tuyên truyền Đại hội"]
    assert _notified(users["member_b"]) != []
    assert _notices() == []


def test_a_material_readable_today_notifies_at_once(app, users, make_material):
    with clock.frozen(PUBLISHED_ON):
        make_material("Kế hoạch tuyên truyền hôm nay", publish_on="01/12/2026")
    assert _notified(users["member"]) and _notices() == []


def test_unpublishing_or_deleting_before_the_day_cancels_the_notice(app, users, make_material):
    material = _publish_for_later(make_material)
    with clock.frozen(PUBLISHED_ON + timedelta(hours=1)):
        service.unpublish(material, users["secretariat"])
    assert _notices() == []
    with clock.frozen(datetime(2026, 12, 5)):
        jobs.drain(app, ["materials.notice"])
    assert _notified(users["member"]) == []
    other = _publish_for_later(make_material)
    with clock.frozen(PUBLISHED_ON + timedelta(hours=1)):
        service.delete(other, users["secretariat"])
    assert _notices() == []


def test_moving_the_date_moves_the_notice(app, users, make_material):
    material = _publish_for_later(make_material)
    with clock.frozen(PUBLISHED_ON + timedelta(hours=1)):
        service.save_material({"publish_on": "10/12/2026"}, users["secretariat"], material)
    (notice,) = _notices()
    assert notice.run_after == datetime(2026, 12, 9, 17, 0)
    with clock.frozen(datetime(2026, 12, 5)):
        jobs.drain(app, ["materials.notice"])
    assert _notified(users["member"]) == []


def test_the_audience_is_read_when_the_day_comes(app, users, make_material):
    material = _publish_for_later(make_material)
    with clock.frozen(PUBLISHED_ON + timedelta(hours=1)):
        service.save_material({"audience": "units", "unit_codes": ["CB-B"]}, users["secretariat"], material)
    with clock.frozen(datetime(2026, 12, 4, 1, 0)):
        jobs.drain(app, ["materials.notice"])
    assert _notified(users["member"]) == []  # CB-A left the audience before the day
    assert _notified(users["member_b"]) != []


def test_the_notice_checks_again_when_it_runs(app, users, make_material):
    """A notice that comes due while the material is no longer published says nothing."""
    material = _publish_for_later(make_material)
    with clock.frozen(PUBLISHED_ON + timedelta(hours=1)):
        material.status = "draft"  # as if withdrawn by a path that forgot the notice
        db.session.commit()
    with clock.frozen(datetime(2026, 12, 4, 1, 0)):
        assert jobs.drain(app, ["materials.notice"]) == 1
    assert _notified(users["member"]) == [] and _notices() == []
