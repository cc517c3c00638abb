"""The audience hears of a material when they can read it: a publication notice waits for a future publish date.

Publishing a material dated in the future queues a ``materials.notice`` job for 00:00 (Vietnam time) of that date, in
the publishing transaction. Changing the date moves the waiting job; unpublishing or deleting cancels it; a change of
audience needs nothing, because the job reads the audience when it runs. The job checks again, at run time, that the
material is live, so a notice can never reveal a title before its day.
"""

from portal.clock import start_of_local_day, today_local, utcnow
from portal.database import begin_write
from portal.extensions import db
from portal.models import Material
from portal.services import jobs

NOTICE_KIND = "materials.notice"


def _key(material):
    return f"material:{material.id}"


def _when(material):
    """The moment the material becomes readable (now when it has no publish date)."""
    return start_of_local_day(material.publish_on) if material.publish_on else utcnow()


def announce_later(material) -> bool:
    """In the publishing transaction: queue the notice for the publish date when it is still ahead; True if queued."""
    if material.publish_on is None or material.publish_on <= today_local():
        return False
    jobs.enqueue(NOTICE_KIND, {"material_id": material.id}, run_after=_when(material), dedupe_key=_key(material))
    return True


def follow_date(material) -> None:
    """In an editing transaction: a notice still waiting moves to the material's (new) publish date."""
    jobs.reschedule(NOTICE_KIND, _key(material), _when(material))


def withdraw(material) -> None:
    """In an unpublishing or deleting transaction: the waiting notice is cancelled."""
    jobs.cancel(NOTICE_KIND, _key(material))


def _send_notice(payload, _ctx):
    """The job: notify the audience (as it is now) if the material is readable now; requeue if its day is still ahead."""
    from .notifications import notify_published
    from .reads import is_live

    begin_write()
    material = db.session.get(Material, int(payload["material_id"]))
    if material is None or material.deleted_at is not None or material.status != "published":
        db.session.rollback()  # withdrawn meanwhile: nothing to announce
        return
    if not is_live(material):
        jobs.enqueue(NOTICE_KIND, {"material_id": material.id}, run_after=_when(material), dedupe_key=_key(material))
    else:
        notify_published(material)
    db.session.commit()


jobs.register(NOTICE_KIND, _send_notice, label="Thông báo tài liệu quán triệt đến ngày phát hành", max_attempts=8)
