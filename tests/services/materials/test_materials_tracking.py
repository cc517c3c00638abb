"""Tracking: per-unit rates, branch scope on the web and in the API, reminders, exports, the scorecard rate."""

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Unit
from portal.services import materials as service


def _unit(code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


def test_rates_per_unit_on_a_constructed_case(make_material, users, extra_members):
    material = make_material(audience="units", unit_codes=["CB-A", "CB-B"])
    # CB-A: secretary, member, member_a2 (gone_a is inactive) -> 3; CB-B: secretary_b, member_b, member_b2 -> 3
    service.acknowledge(material, users["member"])
    service.acknowledge(material, extra_members["member_a2"])
    service.acknowledge(material, users["member_b"])
    stats = service.rates(material)
    by_code = {row["code"]: row for row in stats["units"]}
    assert (by_code["CB-A"]["total"], by_code["CB-A"]["acknowledged"], by_code["CB-A"]["rate"]) == (3, 2, 0.6667)
    assert (by_code["CB-B"]["total"], by_code["CB-B"]["acknowledged"], by_code["CB-B"]["rate"]) == (3, 1, 0.3333)
    assert (stats["total"], stats["acknowledged"], stats["rate"]) == (6, 3, 0.5)
    missing = [u.username for u in service.unacknowledged_members(material, _unit("CB-A").id)]
    assert missing == ["secretary"]
    # A revision resets the current-version rate to zero.
    service.revise(material, {"title": material.title + " (sửa đổi)"}, users["secretariat"])
    assert service.rates(material)["acknowledged"] == 0


def test_one_rule_every_active_account_of_the_audience_whatever_its_role(make_material, users, extra_members):
    """The rate, the tracking list, the study list and the scorecard count the same people: every active account
    whose unit is in the audience, with or without the member role; inactive accounts never."""
    from portal.services import accounts
    from portal.services.reporting.scorecard import acknowledgement_numbers

    clerk = accounts.create_user("clerk_a", "Mat-khau-thu-nghiem-2026", ["inspector"], unit_code="CB-A")
    material = make_material(audience="units", unit_codes=["CB-A"])
    cb_a = _unit("CB-A").id
    # CB-A: secretary, member, member_a2 and the clerk without the member role; gone_a is inactive.
    assert service.rates(material)["total"] == 4
    assert clerk in service.unacknowledged_members(material, cb_a)
    assert [m.id for m in service.pending_for(clerk)] == [material.id]
    assert acknowledgement_numbers(cb_a) == (4, 0, 1)
    service.acknowledge(material, clerk)
    assert (service.rates(material)["acknowledged"], acknowledgement_numbers(cb_a)) == (1, (4, 1, 1))
    assert not hasattr(service, "ack_rate_by_unit")  # the members-only variant is gone


def test_branch_secretary_sees_only_own_branch_on_web(make_material, users, login_as, client):
    material = make_material()
    db.session.rollback()
    login_as("secretary")
    page = client.get(f"/materials/{material.id}/tracking").get_data(as_text=True)
    assert "don-vi-CB-A" in page and "don-vi-CB-B" not in page
    assert "Đồng chí member" in page and "Đồng chí member_b" not in page


def test_secretariat_sees_every_unit_on_web(make_material, login_as, client):
    material = make_material()
    login_as("secretariat")
    page = client.get(f"/materials/{material.id}/tracking").get_data(as_text=True)
    assert "don-vi-CB-A" in page and "don-vi-CB-B" in page and "Đồng chí member_b" in page


def test_acknowledgements_api_scope(make_material, users, login_as, client):
    material = make_material()
    service.acknowledge(material, users["member"])
    service.acknowledge(material, users["member_b"])
    db.session.rollback()
    login_as("secretary")
    body = client.get(f"/api/v1/materials/{material.id}/acknowledgements").get_json()
    assert [a["username"] for a in body["acknowledgements"]] == ["member"]
    assert [u["code"] for u in body["units"]] == ["CB-A"] and body["version"] == 1 and body["rate"] == 0.5
    assert (
        body["acknowledgements"][0]["full_name"] == "Đồng chí member" and body["acknowledgements"][0]["unit"] == "CB-A"
    )
    client.post("/auth/logout")
    login_as("secretariat")
    body = client.get(f"/api/v1/materials/{material.id}/acknowledgements").get_json()
    assert sorted(a["username"] for a in body["acknowledgements"]) == ["member", "member_b"]
    client.post("/auth/logout")
    login_as("member")
    denied = client.get(f"/api/v1/materials/{material.id}/acknowledgements")
    assert denied.status_code == 403 and denied.get_json()["error"]["code"] == "forbidden"


def test_reminders_create_notifications_within_scope(make_material, users, login_as, client):
    material = make_material()
    service.acknowledge(material, users["member"])
    db.session.rollback()
    login_as("secretary")
    other = client.post(f"/materials/{material.id}/remind", data={"unit_id": _unit("CB-B").id})
    assert other.status_code == 403
    own = client.post(f"/materials/{material.id}/remind", data={"unit_id": _unit("CB-A").id})
    assert own.status_code == 302
    reminded = db.session.scalars(select(Notification).where(Notification.title.like("Nhắc%"))).all()
    assert sorted(n.user_id for n in reminded) == [users["secretary"].id]  # member already confirmed
    assert service.remind(material, _unit("CB-B").id, users["secretariat"]) == 2


def test_exports_keep_vietnamese(make_material, users, login_as, client):
    material = make_material("Quán triệt Chỉ thị số 21-CT/TU về cải cách hành chính")
    service.acknowledge(material, users["member"])
    db.session.rollback()
    login_as("secretariat")
    raw = client.get(f"/materials/{material.id}/export.csv")
    assert raw.status_code == 200 and raw.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Tài liệu", "Phiên bản", "Đơn vị", "Đảng viên"]
    member_row = next(r for r in rows if r[4] == "member")
    assert member_row[0] == material.title and member_row[2] == "Chi bộ Hành chính - Quản trị"
    assert member_row[5] != "chưa" and len(member_row[5]) == 16
    assert next(r for r in rows if r[4] == "member_b")[5] == "chưa"
    book = load_workbook(io.BytesIO(client.get(f"/materials/{material.id}/export.xlsx").data))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert values[0][0] == "Tài liệu" and any(v[3] == "Đồng chí member_b" and v[5] == "chưa" for v in values[1:])
    client.post("/auth/logout")
    login_as("secretary")
    own_rows = list(csv.reader(io.StringIO(client.get("/materials/export.csv").data.decode("utf-8-sig"))))[1:]
    assert {r[2] for r in own_rows} == {"Chi bộ Hành chính - Quản trị"}


def test_home_panels_by_role(app, make_material, users):
    from portal.blueprints.main.panels import materials as material_panels

    material = make_material(deadline="01/01/2020", publish_on="01/01/2019")
    ctx = app.test_request_context("/")
    ctx.push()
    secretary_panels = {p.key: p for p in material_panels.panels(users["secretary"])}
    assert secretary_panels["materials-pending"].items[0].urgent  # overdue in red
    assert "Quá hạn từ 01/01/2020" in secretary_panels["materials-pending"].items[0].note
    assert "2 đảng viên của chi bộ chưa xác nhận" in secretary_panels["materials-branch"].items[0].note
    rates_panel = {p.key: p for p in material_panels.panels(users["secretariat"])}["materials-rates"]
    ctx.pop()
    assert rates_panel.items[0].label == material.title and "Đã xác nhận 0/" in rates_panel.items[0].note


def test_the_notification_badge_drops_when_the_material_is_acknowledged(make_material, users, login_as, client):
    material = make_material()
    service.remind(material, _unit("CB-A").id, users["secretariat"])
    login_as("member")
    badge = re.compile(r'Thông báo\s*<span class="badge[^"]*">\d+</span>')
    assert badge.search(client.get("/").get_data(as_text=True))  # published, then a reminder
    client.post(f"/materials/{material.id}/acknowledge")
    assert not badge.search(client.get("/").get_data(as_text=True))
    notes = db.session.scalars(select(Notification).where(Notification.user_id == users["member"].id)).all()
    assert notes and all(n.read_at is not None for n in notes)
