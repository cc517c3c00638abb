"""Link permissions (web and API), duplicates, the plan tree API and task documents with visibility filtering."""

from support import index_jobs

from portal.extensions import db
from portal.services import plan as plan_service

REPORT = "Chi bộ lãnh đạo rà soát, cắt giảm, đơn giản hóa thủ tục hành chính nội bộ trong quý."


def test_branch_secretary_links_own_branch_report(plan, client, login_as, doc_row):
    own = doc_row(REPORT, title="Báo cáo chi bộ A", unit="CB-A", user="secretary")
    login_as("secretary")
    response = client.post(f"/api/v1/documents/{own.id}/links", json={"task": "II.2.1", "relation": "bao_cao_ket_qua"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["task"] == "II.2.1" and body["relation"] == "bao_cao_ket_qua" and body["created_by"] == "secretary"
    assert body["document"]["id"] == own.id and body["document"]["unit"] == "CB-A"
    from portal.models import AuditEvent

    assert db.session.query(AuditEvent).filter_by(action="plan.link").count() == 1
    assert len(index_jobs("document", own.id)) <= 1  # queued (or already applied)


def test_branch_secretary_cannot_link_another_branchs_report_web_or_api(plan, client, login_as, doc_row):
    other = doc_row(REPORT, title="Báo cáo chi bộ B", unit="CB-B", user="secretary_b")
    task = plan_service.task_by_code("II.2.1", plan)
    login_as("secretary")
    api = client.post(f"/api/v1/documents/{other.id}/links", json={"task": "II.2.1", "relation": "bao_cao_ket_qua"})
    assert api.status_code == 403 and "chi bộ mình" in api.get_json()["error"]["message"]
    web = client.post(f"/plan/documents/{other.id}/links", data={"task_id": task.id, "relation": "bao_cao_ket_qua"})
    assert web.status_code in (302, 403)
    assert plan_service.task_documents(task, plan_service.get_plan().document.created_by) == []


def test_invisible_document_is_404_and_member_cannot_link(plan, client, login_as, switch_to, doc_row):
    hidden = doc_row(REPORT, title="Văn bản chỉ lãnh đạo", unit="CB-B", user="secretary_b", visibility="leadership")
    login_as("secretary")
    response = client.post(f"/api/v1/documents/{hidden.id}/links", json={"task": "II.2.1", "relation": "minh_chung"})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/documents/999999/links", json={"task": "II.2.1"}).status_code == 404
    switch_to("member")
    visible = doc_row(REPORT, title="Báo cáo chung", unit="CB-A", user="secretary")
    assert client.post(f"/api/v1/documents/{visible.id}/links", json={"task": "II.2.1"}).status_code == 403


def test_duplicate_link_is_409_and_bad_input_400(plan, client, login_as, doc_row):
    own = doc_row(REPORT, title="Báo cáo chi bộ A", unit="CB-A", user="secretary")
    login_as("secretariat")
    url = f"/api/v1/documents/{own.id}/links"
    assert client.post(url, json={"task": "II.2.1", "relation": "minh_chung"}).status_code == 201
    again = client.post(url, json={"task": "II.2.1", "relation": "minh_chung"})
    assert again.status_code == 409 and "đã được gắn" in again.get_json()["error"]["message"]
    assert client.post(url, json={"task": "II.2.1", "relation": "tuyen_truyen"}).status_code == 201
    bad_relation = client.post(url, json={"task": "II.2.1", "relation": "khac"})
    assert bad_relation.status_code == 400 and "Loại liên kết" in bad_relation.get_json()["error"]["message"]
    assert client.post(url, json={"task": "IX.9"}).status_code == 400
    assert client.post(url, data="không phải JSON", content_type="application/json").status_code == 400


def test_plan_tree_api_shape(plan, client, login_as, doc_row, users):
    own = doc_row(REPORT, title="Báo cáo chi bộ A", unit="CB-A", user="secretary")
    plan_service.link_document(own, plan_service.task_by_code("II.2.1", plan), "bao_cao_ket_qua", users["secretary"])
    login_as("member")
    plans = client.get("/api/v1/plans").get_json()
    assert [p["id"] for p in plans] == [plan.id] and plans[0]["number_label"] == "dự thảo, chưa có số"
    tree = client.get(f"/api/v1/plans/{plan.id}").get_json()
    assert [a["code"] for a in tree["areas"]] == [f"II.{i}" for i in range(1, 7)]
    task = tree["areas"][1]["tasks"][0]
    assert task["code"] == "II.2.1" and task["link_count"] == 1
    assert set(task) >= {"units", "deadline", "periodicity", "product", "authority", "missing", "text"}
    assert {"code": "BPGV", "role": "phoi_hop"}.items() <= {k: v for k, v in task["units"][-1].items()}.items()
    assert task["missing"] == ["thoi_gian", "san_pham"] and task["authority"] == "Ban Thường vụ Đảng ủy Văn phòng"
    assert tree["areas"][1]["targets"][1]["value"] == 95.0 and len(tree["assignments"]) == 4
    assert client.get("/api/v1/plans/9999").status_code == 404


def test_task_documents_api_filters_by_visibility(plan, client, login_as, switch_to, doc_row, users):
    task = plan_service.task_by_code("II.2.1", plan)
    shared = doc_row(REPORT, title="Báo cáo công khai", unit="CB-A", user="secretary")
    secret = doc_row(REPORT, title="Báo cáo riêng chi bộ B", unit="CB-B", user="secretary_b", visibility="units")
    plan_service.link_document(shared, task, "bao_cao_ket_qua", users["secretary"])
    plan_service.link_document(secret, task, "minh_chung", users["secretary_b"])
    db.session.commit()
    login_as("member")
    body = client.get("/api/v1/tasks/II.2.1/documents").get_json()
    assert [d["document"]["title"] for d in body["documents"]] == ["Báo cáo công khai"]
    assert body["documents"][0]["relation"] == "bao_cao_ket_qua" and body["task"]["code"] == "II.2.1"
    switch_to("member_b")
    titles = {
        d["document"]["title"]
        for d in client.get(f"/api/v1/tasks/II.2.1/documents?plan={plan.id}").get_json()["documents"]
    }
    assert titles == {"Báo cáo công khai", "Báo cáo riêng chi bộ B"}
    assert client.get("/api/v1/tasks/II.9.9/documents").status_code == 404


def test_anonymous_api_is_401(plan, client):
    assert client.get("/api/v1/plans").status_code == 401


def test_reimport_keeps_codes_and_secretariat_edits(plan, users):
    task = plan_service.task_by_code("II.4.3", plan)
    plan_service.update_task(
        task, {"product": "Bản mô tả vị trí việc làm", "deadline": "30/06/2027"}, users["secretariat"]
    )
    ids = {t.code: t.id for t in plan_service.plan_tasks(plan)}
    again = plan_service.import_plan(plan.document, users["secretariat"])
    db.session.expire_all()
    assert again.id == plan.id and {t.code: t.id for t in plan_service.plan_tasks(again)} == ids
    task = plan_service.task_by_code("II.4.3", again)
    assert task.product == "Bản mô tả vị trí việc làm" and task.deadline.isoformat() == "2027-06-30"
    assert plan_service.prefill_six_ro(again, users["secretariat"]) == 0


def test_home_panels_per_role(plan, app, users, client, login_as):
    from portal.blueprints.main.panels import plan as plan_panels

    with app.test_request_context("/"):
        keys = {
            name: [p.key for p in plan_panels.panels(users[name])] for name in ("secretariat", "secretary", "member")
        }
        panel = plan_panels.panels(users["secretary"])[0]
    assert keys == {"secretariat": ["plan-gaps", "plan-evidence"], "secretary": ["plan-targets"], "member": []}
    assert panel.count == 9  # the 9 numeric targets (II.3.T2 is qualitative)
    login_as("secretariat")
    html = client.get("/").get_data(as_text=True)
    assert 'id="panel-plan-gaps"' in html and "Chưa rõ thời gian" in html


def test_unlink_from_the_document_partial(plan, client, login_as, switch_to, doc_row, users):
    own = doc_row(REPORT, title="Báo cáo chi bộ A", unit="CB-A", user="secretary")
    link = plan_service.link_document(
        own, plan_service.task_by_code("II.2.1", plan), "bao_cao_ket_qua", users["secretary"]
    )
    link_id = link.id
    db.session.commit()
    login_as("member")
    assert client.post(f"/plan/links/{link_id}/delete").status_code == 403
    switch_to("secretary_b")
    client.post(f"/plan/links/{link_id}/delete")
    assert plan_service.get_link(link_id) is not None
    switch_to("secretary")
    response = client.post(f"/plan/links/{link_id}/delete", data={"next": f"/documents/{own.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/documents/{own.id}"
    db.session.expire_all()
    assert plan_service.get_link(link_id) is None
