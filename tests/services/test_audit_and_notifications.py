"""The shared services: the audit trail learns who acts from portal.actor (set by the web layer), and notifications
point at an object whose link the web layer builds."""

from sqlalchemy import select

from portal import actor
from portal.extensions import db
from portal.models import AuditEvent, Notification
from portal.services import audit, jobs, materials, notifications


def _last(action):
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc()))


def test_a_web_request_records_its_client_and_user_a_service_call_alone_records_cli(app, client, login_as, users):
    login_as("admin")
    client.post("/admin/units", data={"code": "CB-Z", "name": "Chi bộ thử", "kind": "branch", "parent": ""})
    event = _last("unit.create")
    assert (event.ip, event.username) == ("127.0.0.1", "admin")
    assert actor.current() == actor.Actor()  # cleared when the request ended
    audit.record("test.cli", summary="ngoài yêu cầu web")
    db.session.commit()
    event = _last("test.cli")
    assert (event.ip, event.user_id) == ("cli", None)


def test_the_actor_user_is_read_when_recorded_so_a_login_in_the_same_request_counts(app):
    seen = []
    actor.set_current("10.0.0.7", lambda: seen[0] if seen else None)
    try:
        assert actor.current().user is None
        seen.append("someone")
        assert (actor.current().user, actor.client_ip()) == ("someone", "10.0.0.7")
    finally:
        actor.clear()
    assert actor.client_ip() == "cli"


def test_notifications_store_their_target_and_the_page_links_it(app, client, login_as, users, monkeypatch):
    sent = []
    monkeypatch.setattr(notifications, "send_email", lambda config, to, subject, body: sent.append(body))
    users["member"].email = "member@example.vn"
    db.session.commit()
    material = materials.save_material({"title": "Tài liệu thử", "body_md": "Nội dung"}, users["secretariat"])
    materials.publish(material, users["secretariat"])
    row = db.session.scalar(select(Notification).where(Notification.user_id == users["member"].id))
    assert (row.target_kind, row.target_id, row.url) == ("material", material.id, None)
    assert sent == []  # the mail is a job: it leaves after the commit, through the runner
    jobs.drain(app, ["mail"])
    assert sent and "/materials/" not in sent[0] and notifications.MAIL_FOOTER in sent[0]
    login_as("member")
    page = client.get("/notifications").get_data(as_text=True)
    assert f'href="/materials/{material.id}"' in page and "Tài liệu cần nghiên cứu, quán triệt: Tài liệu thử" in page
    client.post("/notifications/read")
    assert notifications.unread_count(users["member"]) == 0


def test_older_rows_keep_their_stored_link(app, client, login_as, users):
    db.session.add(Notification(user_id=users["member"].id, title="Thông báo cũ", body="", url="/reports/slots/1"))
    db.session.commit()
    login_as("member")
    assert 'href="/reports/slots/1"' in client.get("/notifications").get_data(as_text=True)
