"""Confirming a material: version and time recorded, idempotent, and asked again after a revision."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Acknowledgement, AuditEvent
from portal.services import materials as service


def test_member_confirms_from_home_page(make_material, login_as, client):
    material = make_material(deadline="31/12/2026")
    login_as("member")
    home = client.get("/").get_data(as_text=True)
    assert "Tài liệu cần nghiên cứu, quán triệt" in home and material.title in home and "Hạn 31/12/2026" in home
    page = client.get(f"/materials/{material.id}").get_data(as_text=True)
    assert "<h1>Quán triệt Chỉ thị 21-CT/TU</h1>" in page  # the stored HTML
    response = client.post(f"/materials/{material.id}/acknowledge", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert re.search(r"Đã xác nhận lúc \d\d/\d\d/\d{4} \d\d:\d\d \(phiên bản 1\)", text)
    assert "nut-xac-nhan" not in text
    ack = db.session.scalar(select(Acknowledgement))
    assert (ack.version, ack.user.username, ack.ip) == (1, "member", "127.0.0.1")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "material.acknowledge")).username == "member"
    assert material.title not in client.get("/").get_data(as_text=True)


def test_acknowledge_requires_csrf(make_material, login_as, client):
    material = make_material()
    login_as("member")
    assert client.post(f"/materials/{material.id}/acknowledge", csrf=False).status_code == 400
    assert db.session.scalar(select(Acknowledgement)) is None


def test_api_acknowledge_is_idempotent(make_material, login_as, client):
    material = make_material()
    login_as("member")
    first = client.post(f"/api/v1/materials/{material.id}/acknowledge", json={})
    assert first.status_code == 201
    body = first.get_json()
    assert body["material_id"] == material.id and body["version"] == 1 and body["acknowledged_at"].endswith("Z")
    again = client.post(f"/api/v1/materials/{material.id}/acknowledge", json={})
    assert again.status_code == 200 and again.get_json()["acknowledged_at"] == body["acknowledged_at"]
    assert len(db.session.scalars(select(Acknowledgement)).all()) == 1
    listed = client.get("/api/v1/materials").get_json()["materials"][0]
    assert (listed["acknowledged_version"], listed["needs_ack"]) == (1, False)


def test_revision_asks_again_and_keeps_the_old_confirmation(make_material, users, login_as, client):
    material = make_material()
    service.acknowledge(material, users["member"], "10.0.0.5")
    assert service.pending_for(users["member"]) == []
    service.revise(
        material, {"body_md": material.body_md + "\n\nBổ sung: hạn báo cáo kết quả quán triệt."}, users["secretariat"]
    )
    assert material.version == 2 and material.revised_at is not None
    assert [m.id for m in service.pending_for(users["member"])] == [material.id]
    old = db.session.scalars(select(Acknowledgement)).all()
    assert [(a.version, a.user_id) for a in old] == [(1, users["member"].id)]
    db.session.rollback()
    login_as("member")
    page = client.get(f"/materials/{material.id}").get_data(as_text=True)
    assert "xác nhận phiên bản 1" in page and "nghiên cứu phiên bản 2 và xác nhận lại" in page
    assert "Tôi đã nghiên cứu, quán triệt" in page
    notes = client.get("/notifications").get_data(as_text=True)
    assert "phiên bản 2" in notes
    assert client.post(f"/api/v1/materials/{material.id}/acknowledge", json={}).get_json()["version"] == 2


def test_edit_of_summary_or_dates_keeps_the_version(make_material, users):
    material = make_material()
    service.acknowledge(material, users["member"])
    service.save_material({"summary": "Tóm tắt mới", "deadline": "31/12/2026"}, users["secretariat"], material)
    assert material.version == 1 and service.pending_for(users["member"]) == []


def test_draft_cannot_be_confirmed(make_material, users):
    import pytest

    from portal.errors import Conflict

    draft = make_material(publish=False)
    with pytest.raises(Conflict):
        service.acknowledge(draft, users["secretariat"])


def test_pending_lists_by_deadline(make_material, users):
    later = make_material("Tài liệu hạn muộn", deadline="31/12/2026")
    sooner = make_material("Tài liệu hạn sớm", deadline="15/12/2026")
    none = make_material("Tài liệu không hạn")
    assert [m.id for m in service.pending_for(users["member"])] == [sooner.id, later.id, none.id]
    # One rule: every active account of a unit in the audience is asked, whatever its role (admin is in DUVP).
    assert [m.id for m in service.pending_for(users["admin"])] == [sooner.id, later.id, none.id]
