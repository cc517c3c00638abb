"""Each failed class of the visibility review, pinned by a test that failed on the code before the fix.

Leadership and secrecy no longer outranked by the owner unit; classification only by the secretariat and the
administrator; documents that belong to a parent follow it, at every moment; counts over the visible set; editing
chosen units; CSRF with a Bearer header; one redirect check; the cached visible set.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.security import can_see_document


def _user(username, roles, unit):
    from support import PASSWORD

    from portal.models import User
    from portal.services import accounts

    accounts.create_user(username, PASSWORD, roles, unit_code=unit, full_name=username)
    return db.session.scalar(select(User).where(User.username == username))


# --- 1. leadership and secrecy are not outranked by the owner unit ---------------------------------------------


def test_plain_members_of_the_owner_unit_do_not_read_leadership_or_secret_documents(app, users, make_document):
    lead = make_document("Nhân sự", user="secretary", visibility="leadership")
    secret = make_document("Mật", user="secretary", visibility="units", secrecy="mat")
    for doc in (lead, secret):
        assert not can_see_document(users["member"], doc.id)  # plain member of CB-A, the owner unit
        assert can_see_document(users["secretary"], doc.id)  # the owner branch's secretary
        assert can_see_document(users["inspector"], doc.id)
        assert not can_see_document(users["member_b"], doc.id)
    assert can_see_document(users["leader"], lead.id)
    assert not can_see_document(users["leader"], secret.id)  # secret, but shared only with the branch


def test_the_secretariats_plain_members_do_not_read_its_leadership_uploads(app, users, make_document):
    clerk = _user("van_thu", ["member"], "BPGV")
    doc = make_document("Thông báo nhân sự", user="secretariat", visibility="leadership")
    assert doc.owner_unit.code == "BPGV"
    assert not can_see_document(clerk, doc.id)
    assert can_see_document(users["secretariat"], doc.id)


def test_owner_secretary_cannot_edit_a_document_down_to_all_or_thuong(app, users, login_as, client, make_document):
    doc = make_document("Nhân sự chi bộ", user="secretary", visibility="leadership", secrecy="mat")
    login_as("secretary")
    form = {
        "title": "Nhân sự chi bộ",
        "doc_type": "khac",
        "secrecy": "thuong",
        "urgency": "thuong",
        "visibility": "all",
    }
    response = client.post(f"/documents/{doc.id}/edit", data=form)
    assert response.status_code == 403
    assert "Chỉ bộ phận giúp việc và quản trị viên" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (doc.visibility, doc.secrecy) == ("leadership", "mat")
    response = client.post(f"/documents/{doc.id}/edit", data={**form, "visibility": "leadership", "secrecy": "toi_mat"})
    assert response.status_code == 302  # narrowing is the secretary's to do
    from portal.services import documents

    documents.update_metadata(doc, {"visibility": "all", "secrecy": "thuong"}, users["secretariat"])
    assert can_see_document(users["member_b"], doc.id)


def test_uploader_keeps_access_until_the_secretariat_reclassifies(app, users, make_document):
    from portal.services import accounts, documents

    doc = make_document("Biên bản", user="secretary", visibility="leadership")
    accounts.update_user(
        users["secretary"], roles=["member", "branch_secretary"], unit_code="CB-B", actor=users["admin"]
    )
    assert can_see_document(users["secretary"], doc.id)  # moved to another branch, still the uploader
    documents.update_metadata(doc, {"secrecy": "mat"}, users["secretariat"])
    assert not can_see_document(users["secretary"], doc.id)


# --- 2. documents that belong to a parent follow it -----------------------------------------------------------


def _material(users, **fields):
    from portal.services import materials

    values = {"title": "Tài liệu quán triệt", "body_md": "Nội dung", "audience": "units", "unit_codes": "CB-A"}
    return materials.save_material({**values, **fields}, users["secretariat"])


def test_material_attachments_follow_their_material_at_every_moment(app, users, tmp_path):
    from portal.services import materials

    path = tmp_path / "dinh-kem.txt"
    path.write_text("Tệp đính kèm tài liệu quán triệt", encoding="utf-8")
    tomorrow = clock.today_local() + timedelta(days=1)
    material = _material(users, publish_on=tomorrow.strftime("%d/%m/%Y"))
    attachment = materials.attach_file(material, str(path), "dinh-kem.txt", users["secretariat"])
    assert not can_see_document(users["member"], attachment.id)  # draft
    materials.publish(material, users["secretariat"])
    assert not can_see_document(users["member"], attachment.id)  # publish date not reached
    noon = datetime.combine(tomorrow, datetime.min.time(), tzinfo=UTC) + timedelta(hours=5)
    with clock.frozen(noon):
        assert can_see_document(users["member"], attachment.id)  # the date arrived: no write at all
        assert not can_see_document(users["member_b"], attachment.id)  # outside the audience
    with clock.frozen(noon):
        materials.save_material(
            {"title": material.title, "body_md": "Nội dung", "audience": "units", "unit_codes": "CB-B"},
            users["secretariat"],
            material,
        )
        assert not can_see_document(users["member"], attachment.id) and can_see_document(
            users["member_b"], attachment.id
        )
        materials.unpublish(material, users["secretariat"])
        assert not can_see_document(users["member_b"], attachment.id)


def test_a_document_with_two_parents_is_readable_through_either(app, users, tmp_path):
    from portal.models import MaterialDocument
    from portal.services import materials

    path = tmp_path / "chung.txt"
    path.write_text("Tệp dùng chung hai tài liệu", encoding="utf-8")
    first = _material(users, unit_codes="CB-A")
    second = _material(users, unit_codes="CB-B")
    shared = materials.attach_file(first, str(path), "chung.txt", users["secretariat"])
    db.session.add(MaterialDocument(material_id=second.id, document_id=shared.id, is_attachment=True))
    db.session.commit()
    materials.publish(second, users["secretariat"])
    assert can_see_document(users["member_b"], shared.id) and not can_see_document(users["member"], shared.id)
    materials.publish(first, users["secretariat"])
    assert can_see_document(users["member"], shared.id)


def test_report_files_are_read_by_the_sending_branch_and_leadership(app, users, tmp_path):
    from portal.services import reporting

    period = reporting.open_period(
        users["secretariat"],
        title="Quý I",
        kind="quy",
        deadline=clock.today_local() + timedelta(days=5),
        unit_codes=["CB-A", "CB-B"],
    )
    path = tmp_path / "bao-cao.txt"
    path.write_text("Báo cáo quý I của chi bộ A", encoding="utf-8")
    submission = reporting.submit_report(period.id, users["secretary"], str(path), "bao-cao.txt")
    doc_id = submission.document_id
    for name in ("member", "secretary", "secretariat", "inspector", "admin", "leader"):
        assert can_see_document(users[name], doc_id), name
    for name in ("member_b", "secretary_b"):
        assert not can_see_document(users[name], doc_id), name


# --- 3. counts over the visible set -----------------------------------------------------------------------------


def test_plan_counts_and_target_evidence_leave_hidden_documents_out(app, users, login_as, client, make_document):
    from portal.models import DocumentTaskLink, Plan, PlanArea, PlanTarget, PlanTask, TargetValue, Unit

    plan = Plan(title="Kế hoạch")
    db.session.add(plan)
    db.session.flush()
    area = PlanArea(plan_id=plan.id, code="I.1", ordinal=1, title="Lĩnh vực")
    db.session.add(area)
    db.session.flush()
    task = PlanTask(plan_id=plan.id, area_id=area.id, code="I.1.1", ordinal=1, text="Nhiệm vụ")
    target = PlanTarget(plan_id=plan.id, area_id=area.id, code="I.1.T1", ordinal=1, text="Chỉ tiêu", value=100)
    db.session.add_all([task, target])
    db.session.commit()
    hidden = make_document("Báo cáo riêng chi bộ B", user="secretary_b", visibility="units")
    shown = make_document("Báo cáo công khai", user="admin", visibility="all")
    unit_b = db.session.scalar(select(Unit.id).where(Unit.code == "CB-B"))
    for doc in (hidden, shown):
        db.session.add(DocumentTaskLink(document_id=doc.id, task_id=task.id, relation="bao_cao_ket_qua"))
    db.session.add(TargetValue(target_id=target.id, unit_id=unit_b, value=80, evidence_document_id=hidden.id))
    db.session.commit()
    login_as("member")
    tree = client.get(f"/api/v1/plans/{plan.id}").json
    assert tree["areas"][0]["tasks"][0]["link_count"] == 1
    page = client.get(f"/plan/targets/I.1.T1?plan={plan.id}").get_data(as_text=True)
    assert f"Văn bản #{hidden.id}" not in page and f"/documents/{hidden.id}" not in page


# --- 5. editing chosen units --------------------------------------------------------------------------------------


def test_editing_a_shared_document_keeping_a_unit_ticked(app, users, login_as, client, make_document):
    doc = make_document("Chia sẻ", user="admin", visibility="units", unit_codes=("CB-A", "CB-B"))
    login_as("admin")
    form = {"title": "Chia sẻ (sửa)", "doc_type": "khac", "secrecy": "thuong", "urgency": "thuong"}
    response = client.post(f"/documents/{doc.id}/edit", data={**form, "visibility": "units", "units": ["CB-A"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert sorted(r.unit_id for r in doc.unit_rows) == [users["member"].unit_id]


# --- 6. API CSRF with a Bearer header ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer "])
def test_a_bearer_header_does_not_switch_csrf_off_for_a_cookie_session(
    header, app, users, login_as, client, make_document
):
    doc = make_document("Văn bản", user="admin")
    login_as("admin")
    response = client.post(
        f"/api/v1/documents/{doc.id}/links",
        json={"task": "II.2.1", "relation": "can_cu"},
        headers={"Authorization": header},
        csrf=False,
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf"


def test_a_valid_token_still_needs_no_csrf(app, users, client):
    from portal.services import accounts

    issued = accounts.issue_token(users["admin"], "kịch bản")
    token = issued[0] if isinstance(issued, tuple) else issued
    token = getattr(token, "token", token)
    response = client.post(
        "/api/v1/documents/999/links", json={"task": "II.2.1"}, headers={"Authorization": f"Bearer {token}"}, csrf=False
    )
    assert response.status_code == 404  # authenticated by the token, past CSRF, then the document is not found


# --- 7. one redirect check ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["/\t/evil.example", "//evil.example", "/\\evil.example", "/\r\nSet-Cookie: x=1", "https://evil.example/"]
)
def test_redirects_stay_on_this_site(target, app, users, login_as, client, make_document):
    from portal.web import safe_next

    assert safe_next(target) is None
    assert safe_next("/plan/?plan=1") == "/plan/?plan=1"
    doc = make_document("Văn bản", user="admin")
    login_as("admin")
    response = client.post(
        f"/plan/documents/{doc.id}/links", data={"task": "II.2.1", "relation": "can_cu", "next": target}
    )
    assert response.status_code < 500
    assert "evil" not in response.headers.get("Location", "")


def test_login_next_with_control_characters(app, client):
    from support import PASSWORD

    for target in ("/\r\nX-Evil: 1", "/\t/evil.example"):
        response = client.post(f"/auth/login?next={target}", data={"username": "member", "password": PASSWORD})
        assert response.status_code == 302 and "evil" not in response.headers["Location"]
        client.post("/auth/logout")
        client.reset_csrf()


def test_error_redirect_uses_only_a_same_site_referrer(app, users, login_as, client, make_document):
    login_as("secretariat")
    response = client.post(
        "/materials/new", data={"title": ""}, headers={"Referer": "http://localhost/\t/evil.example"}
    )
    assert "evil" not in response.headers.get("Location", "")


# --- 8. the cached visible set ---------------------------------------------------------------------------------------


def test_the_visible_set_is_cached_per_class_and_follows_every_change(app, users, make_document):
    from portal.security import clear_filter_cache, visible_filter

    clear_filter_cache()
    assert visible_filter(users["admin"]) is None and visible_filter(users["secretariat"]) is None  # no filter at all
    doc = make_document("Văn bản chi bộ B", user="secretary_b", visibility="units")
    db.session.commit()
    first = visible_filter(users["member"])
    assert visible_filter(users["member"]) is first  # cached
    assert doc.id not in first.documents
    from portal.services import documents

    documents.update_metadata(doc, {"visibility": "all"}, users["secretariat"])
    second = visible_filter(users["member"])
    assert second is not first and doc.id in second.documents
    assert list(second.documents) == sorted(second.documents)


def test_new_documents_extend_the_cached_set_by_the_same_rule(app, users, make_document):
    """Uploads decide only their own visibility: the cached set takes the new ids the rule lets through (SQLite) or is
    read again (PostgreSQL, where ids are not given in commit order); changes to existing rows always read it again."""
    from portal import security
    from portal.security import clear_filter_cache, visible_filter

    clear_filter_cache()
    first = visible_filter(users["member"])
    branch_b = visible_filter(users["secretary_b"])
    before = dict(security.STATS)
    shared = make_document("Thông báo chung", user="secretariat", visibility="all")
    other_branch = make_document("Báo cáo chi bộ B", user="secretary_b", visibility="units")
    db.session.commit()
    second = visible_filter(users["member"])
    assert shared.id in second.documents and other_branch.id not in second.documents
    assert set(first.documents) < set(second.documents) and list(second.documents) == sorted(second.documents)
    assert other_branch.id in visible_filter(users["secretary_b"]).documents
    assert visible_filter(users["secretary_b"]).key != branch_b.key  # the search's docnum bitmap is rebuilt
    if db.engine.dialect.name == "sqlite":
        assert security.STATS["appended"] == before["appended"] + 2 and security.STATS["misses"] == before["misses"]

    abandoned = make_document("Văn bản bị hủy", user="secretary_b", visibility="units")
    abandoned_id = abandoned.id
    assert abandoned_id not in visible_filter(users["member"]).documents  # its own session: no cache, the rule
    db.session.rollback()
    reused = make_document("Văn bản chung mới", user="secretariat", visibility="all")  # may take the same id
    db.session.commit()
    third = visible_filter(users["member"])
    assert reused.id in third.documents and len(set(third.documents)) == len(third.documents)

    misses = security.STATS["misses"]
    from portal.services import documents

    documents.update_metadata(shared, {"visibility": "leadership"}, users["secretariat"])
    fourth = visible_filter(users["member"])
    assert shared.id not in fourth.documents and security.STATS["misses"] == misses + 1  # read again, whole
