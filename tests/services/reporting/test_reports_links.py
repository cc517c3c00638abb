"""Linking a report to more plan tasks (from the suggestions) is one transaction: all the links or none."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, DocumentTaskLink
from portal.services import audit


def _linked(document_id):
    query = select(DocumentTaskLink.task_id).where(DocumentTaskLink.document_id == document_id)
    return sorted(db.session.scalars(query))


def test_links_to_several_tasks_are_stored_together(open_period, submit, login_as, client):
    period = open_period()
    submission = submit(period)
    login_as("secretary")
    slot_id = submission.slot_id
    response = client.post(f"/reports/slots/{slot_id}/links", data={"tasks": ["II.1.1", "II.1.2", "II.2.1"]})
    assert response.status_code == 302
    assert len(_linked(submission.document_id)) == 3
    again = client.post(f"/reports/slots/{slot_id}/links", data={"tasks": ["II.1.1", "II.2.1"]})
    assert again.status_code == 302  # tasks already linked are kept, not an error
    assert len(_linked(submission.document_id)) == 3


def test_a_failure_on_the_second_link_keeps_the_first_out_too(open_period, submit, login_as, client, monkeypatch):
    period = open_period()
    submission = submit(period)
    login_as("secretary")
    real_record, calls = audit.record, []

    def failing_record(action, *args, **kwargs):
        if action == "plan.link":
            calls.append(action)
            if len(calls) == 2:
                raise RuntimeError("mất kết nối giữa chừng")
        return real_record(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_record)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.post(f"/reports/slots/{submission.slot_id}/links", data={"tasks": ["II.1.1", "II.1.2"]})
    assert response.status_code == 500
    db.session.rollback()
    assert _linked(submission.document_id) == []  # before the fix, II.1.1 stayed linked
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "plan.link")) is None
