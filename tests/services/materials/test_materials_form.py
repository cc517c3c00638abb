"""Writing materials through the form and the service: dates, audience, links, publish and delete."""

from datetime import date

import pytest
from sqlalchemy import select
from support import index_jobs

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, Material
from portal.services import materials as service


def test_deadline_before_publish_date_is_refused(users):
    with pytest.raises(ValidationFailed, match="không được trước ngày phát hành"):
        service.save_material(
            {"title": "T", "body_md": "x", "publish_on": "10/12/2026", "deadline": "01/12/2026"}, users["secretariat"]
        )


@pytest.mark.parametrize("value", ["31/02/2026", "2026/13/01", "ngày mai"])
def test_bad_dates_are_refused_in_vietnamese(users, value):
    with pytest.raises(ValidationFailed, match="ngày/tháng/năm"):
        service.save_material({"title": "T", "body_md": "x", "deadline": value}, users["secretariat"])


def test_units_audience_needs_known_units(users):
    with pytest.raises(ValidationFailed, match="ít nhất một đơn vị"):
        service.save_material(
            {"title": "T", "body_md": "x", "audience": "units", "unit_codes": []}, users["secretariat"]
        )
    with pytest.raises(ValidationFailed, match="CB-Z"):
        service.save_material(
            {"title": "T", "body_md": "x", "audience": "units", "unit_codes": ["CB-Z"]}, users["secretariat"]
        )


def test_unknown_task_code_is_refused(users):
    with pytest.raises(ValidationFailed, match="II.9.9"):
        service.save_material({"title": "T", "body_md": "x", "task_codes": "II.9.9"}, users["secretariat"])


def test_form_creates_publishes_and_deletes(login_as, client):
    login_as("secretariat")
    response = client.post(
        "/materials/new",
        data={
            "title": "Quán triệt Kế hoạch cải cách hành chính",
            "body_md": "## Nội dung\n\n- Ý thứ nhất",
            "audience": "units",
            "unit_codes": ["CB-A", "CB-B"],
            "publish_on": "01/12/2026",
            "deadline": "31/12/2026",
        },
    )
    assert response.status_code == 302
    material = db.session.scalar(select(Material))
    assert (material.status, material.publish_on, material.deadline) == ("draft", date(2026, 12, 1), date(2026, 12, 31))
    assert "<h2>Nội dung</h2>" in material.body_html
    assert sorted(r.unit.code for r in material.unit_rows) == ["CB-A", "CB-B"]
    edit_page = client.get(f"/materials/{material.id}/edit").get_data(as_text=True)
    assert 'value="01/12/2026"' in edit_page and "## Nội dung" in edit_page
    assert client.post(f"/materials/{material.id}/publish").status_code == 302
    db.session.refresh(material)
    assert material.status == "published" and material.published_at is not None
    jobs = index_jobs("material", material.id)
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "materials"))]
    assert {"material.create", "material.publish"} <= set(actions)
    assert client.post(f"/materials/{material.id}/delete").status_code == 302
    db.session.refresh(material)
    assert material.deleted_at is not None and "material.delete" in [
        e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "materials"))
    ]
    assert jobs is not None


def test_refused_form_keeps_the_typed_text(login_as, client):
    login_as("secretariat")
    response = client.post(
        "/materials/new",
        data={"title": "Tiêu đề giữ lại", "body_md": "Nội dung giữ lại", "audience": "all", "deadline": "32/13/2026"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tiêu đề giữ lại" in text and "Nội dung giữ lại" in text
    assert db.session.scalar(select(Material)) is None


def test_linked_documents_must_be_visible(users, make_document, make_material):
    secret = make_document("Văn bản riêng của Chi bộ Tổng hợp", visibility="units", unit_codes=["CB-B"], user="admin")
    public = make_document("Chỉ thị về cải cách hành chính", user="admin")
    material = make_material(document_ids=f"{public.id}")
    assert [d.id for d, _ in service.linked_documents(material, users["member"])] == [public.id]
    with pytest.raises(ValidationFailed, match="không có quyền xem"):
        service.save_material({"title": "T", "body_md": "x", "document_ids": "999999"}, users["secretariat"])
    assert secret.id
