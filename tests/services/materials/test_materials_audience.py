"""Who sees a material: audience units, publish dates and drafts, on the web pages and in the API."""

from datetime import timedelta

from portal.extensions import db
from portal.models.base import utcnow
from portal.services import materials as service


def test_unit_targeted_material_is_invisible_to_other_units(make_material, login_as, client):
    material = make_material("Tài liệu riêng Chi bộ Tổng hợp", audience="units", unit_codes=["CB-B"])
    login_as("member")  # CB-A
    assert "Tài liệu riêng Chi bộ Tổng hợp" not in client.get("/materials/").get_data(as_text=True)
    assert client.get(f"/materials/{material.id}").status_code == 404
    listed = client.get("/api/v1/materials").get_json()
    assert material.id not in [m["id"] for m in listed["materials"]]
    answer = client.post(f"/api/v1/materials/{material.id}/acknowledge", json={})
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"
    assert client.post(f"/materials/{material.id}/acknowledge").status_code == 404


def test_unit_targeted_material_is_visible_to_its_unit(make_material, login_as, client):
    material = make_material("Tài liệu riêng Chi bộ Tổng hợp", audience="units", unit_codes=["CB-B"])
    login_as("member_b")
    page = client.get(f"/materials/{material.id}")
    assert page.status_code == 200
    assert "Tôi đã nghiên cứu, quán triệt" in page.get_data(as_text=True)
    listed = client.get("/api/v1/materials").get_json()["materials"]
    assert [(m["id"], m["needs_ack"], m["acknowledged_version"]) for m in listed] == [(material.id, True, None)]


def test_future_publish_date_hides_material_until_the_day(make_material, login_as, client, users):
    later = (utcnow() + timedelta(days=10)).date()
    material = make_material("Tài liệu phát hành sau", publish_on=later.strftime("%d/%m/%Y"))
    assert material.status == "published" and material.publish_on == later
    assert service.pending_for(users["member"]) == []
    db.session.rollback()  # the tests share one session with the requests: end the read before they write
    login_as("member")
    assert client.get(f"/materials/{material.id}").status_code == 404
    assert client.get("/api/v1/materials").get_json()["total"] == 0


def test_drafts_are_seen_by_the_secretariat_only(make_material, login_as, client):
    draft = make_material("Bản nháp tài liệu quán triệt", publish=False)
    login_as("member")
    assert client.get(f"/materials/{draft.id}").status_code == 404
    client.post("/auth/logout")
    login_as("secretariat")
    page = client.get("/materials/").get_data(as_text=True)
    assert "Bản nháp tài liệu quán triệt" in page and "Bản nháp" in page


def test_deleted_material_disappears(make_material, users, login_as, client):
    material = make_material()
    service.delete(material, users["secretariat"])
    login_as("member")
    assert client.get(f"/materials/{material.id}").status_code == 404
    assert service.pending_for(users["member"]) == []
    assert service.list_visible(users["secretariat"]) == []


def test_member_cannot_write_materials(login_as, client):
    login_as("member")
    assert client.get("/materials/new").status_code == 403
    assert client.post("/materials/new", data={"title": "x", "body_md": "y"}).status_code == 403
    assert client.post("/materials/preview", data={"body_md": "y"}).status_code == 403
