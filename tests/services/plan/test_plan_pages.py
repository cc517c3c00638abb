"""The plan pages: tree, task with 6 rõ editing, gaps, coverage, target with its chart, and linking from a document."""

import re
from xml.etree import ElementTree

from portal.extensions import db
from portal.services import plan as plan_service

REPORT = (
    "Chi bộ đã lãnh đạo rà soát, cắt giảm, đơn giản hóa thủ tục hành chính; "
    "tỷ lệ hồ sơ được xử lý hoàn toàn trên môi trường mạng đạt 80%."
)


def test_tree_shows_areas_tasks_targets_and_assignments(plan, client, login_as):
    login_as("member")
    html = client.get("/plan/").get_data(as_text=True)
    assert "dự thảo, chưa có số" in html and "tháng 5 năm 2026" in html
    assert html.count('<details class="card') == 6
    for code in ("II.1.1", "II.6.13", "II.2.T3"):
        assert f'id="{"target" if ".T" in code else "task"}-{code}"' in html
    assert "III. Tổ chức thực hiện" in html and "Ủy ban Kiểm tra Đảng ủy" in html
    assert "Chủ trì:</strong> Chi bộ Hành chính - Quản trị, Chi bộ Tổng hợp" in html
    assert "Chưa rõ thời gian" in html and "Thiếu rõ" not in html


def test_gaps_page_lists_missing_criteria(plan, client, login_as):
    login_as("member")
    html = client.get(f"/plan/{plan.id}/gaps").get_data(as_text=True)
    gaps = plan_service.plan_gaps(plan)
    assert f"{gaps['complete']}/40 nhiệm vụ đã đủ 6 rõ" in html
    assert "II.2.1" in html


def test_secretariat_edits_six_ro_and_member_gets_403(plan, client, login_as, switch_to, users):
    task = plan_service.task_by_code("II.2.1", plan)
    assert plan_service.six_ro_status(task)["missing_keys"] == ["thoi_gian", "san_pham"]
    login_as("member")
    denied = client.post("/plan/tasks/II.2.1/edit", data={"deadline": "31/12/2027"})
    assert denied.status_code == 403
    switch_to("secretariat")
    cb_a = plan_service.task_units(task)[0].unit_id
    response = client.post(
        "/plan/tasks/II.2.1/edit",
        data={
            "deadline": "31/12/2027",
            "periodicity": "Định kỳ hằng quý",
            "product": "Danh mục thủ tục cắt giảm",
            "authority": "Ban Thường vụ Đảng ủy Văn phòng",
            f"unit_{cb_a}": "chu_tri",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    status = plan_service.six_ro_status(task)
    assert status["complete"] and task.deadline.isoformat() == "2027-12-31"
    assert [r.unit_id for r in task.unit_rows] == [cb_a]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "31/12/2027" in page and "Thiếu" not in page.split('id="six-ro"')[1].split("</div>")[0]


def test_bad_deadline_is_a_message_not_a_500(plan, client, login_as):
    login_as("secretariat")
    response = client.post("/plan/tasks/II.2.1/edit", data={"deadline": "31/02/2027"}, follow_redirects=True)
    assert response.status_code in (200, 400)
    assert "không hợp lệ" in response.get_data(as_text=True)


def test_document_page_partial_links_a_suggested_task(plan, client, login_as, doc_row, users):
    document = doc_row(REPORT, title="Báo cáo quý chi bộ A", unit="CB-A", user="secretary")
    login_as("secretary")
    ctx = plan_service.document_task_context(document, users["secretary"])
    assert ctx["can_link"] and "II.2.1" in [s["code"] for s in ctx["suggestions"][:3]]
    response = client.post(
        f"/plan/documents/{document.id}/links",
        data={"task_id": ctx["suggestions"][0]["task"].id, "relation": "bao_cao_ket_qua", "next": "/plan/"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan/")
    html = client.get(f"/plan/tasks/{ctx['suggestions'][0]['code']}").get_data(as_text=True)
    assert "Báo cáo quý chi bộ A" in html and "Báo cáo kết quả" in html


def test_target_page_reports_a_value_and_draws_the_chart(plan, client, login_as, doc_row):
    evidence = doc_row(REPORT, title="Báo cáo số liệu hồ sơ trực tuyến", unit="CB-A", user="secretary")
    target = plan_service.target_by_code("II.2.T2", plan)
    login_as("secretary")
    page = client.get("/plan/targets/II.2.T2").get_data(as_text=True)
    assert 'id="value-form"' in page and "Báo cáo số liệu hồ sơ trực tuyến" in page
    own_unit = re.search(r'<option value="(\d+)">Chi bộ Hành chính - Quản trị', page).group(1)
    response = client.post(
        "/plan/targets/II.2.T2/values", data={"unit_id": own_unit, "value": "80,5", "evidence_id": evidence.id}
    )
    assert response.status_code == 302
    assert [v.value for v in target.values] == [80.5]
    svg = client.get("/plan/targets/II.2.T2/chart.svg")
    assert svg.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(svg.data)
    texts = " ".join(el.text or "" for el in root.iter())
    assert "80,5" in texts and "Mục tiêu 2030: 95%" in texts
    assert "80,5%" in client.get("/plan/targets/II.2.T2").get_data(as_text=True)


def test_branch_secretary_cannot_report_for_another_branch(plan, client, login_as, doc_row, users):
    evidence = doc_row(REPORT, title="Báo cáo", unit="CB-A", user="secretary")
    login_as("secretary")
    other = users["secretary_b"].unit_id
    response = client.post(
        "/plan/targets/II.2.T2/values", data={"unit_id": other, "value": "50", "evidence_id": evidence.id}
    )
    assert response.status_code in (302, 403)
    assert plan_service.target_by_code("II.2.T2", plan).values == []


def test_coverage_matrix_counts_linked_reports_per_branch(plan, client, login_as, doc_row, users):
    a1 = doc_row(REPORT, title="Báo cáo A1", unit="CB-A", user="secretary")
    a2 = doc_row(REPORT, title="Báo cáo A2", unit="CB-A", user="secretary")
    b1 = doc_row(REPORT, title="Báo cáo B1", unit="CB-B", user="secretary_b")
    task = plan_service.task_by_code("II.2.1", plan)
    for document, who in ((a1, "secretary"), (a2, "secretary"), (b1, "secretary_b")):
        plan_service.link_document(document, task, "bao_cao_ket_qua", users[who])
    plan_service.link_document(a1, plan_service.task_by_code("II.2.2", plan), "can_cu", users["secretary"])
    matrix = plan_service.coverage_matrix(plan, users["secretariat"])
    names = [u.code for u in matrix["units"]]
    row = next(r for r in matrix["rows"] if r["task"].code == "II.2.1")
    assert dict(zip(names, row["counts"], strict=False)) == {"CB-A": 2, "CB-B": 1} and row["total"] == 3
    untouched = next(r for r in matrix["rows"] if r["task"].code == "II.2.2")
    assert untouched["total"] == 0  # a "căn cứ" link is not evidence
    bare = {t.code for t in plan_service.tasks_without_evidence(plan, users["secretariat"])}
    assert "II.2.1" not in bare and "II.2.2" in bare and len(bare) == 39
    db.session.commit()  # end the test's read transaction before the request writes (SQLite)
    login_as("member")
    html = client.get("/plan/coverage").get_data(as_text=True)
    assert 'data-task="II.2.1"' in html and "Nhiệm vụ chưa có báo cáo hay minh chứng (39)" in html


def test_the_six_ro_form_keeps_what_was_typed_on_an_error(plan, client, login_as):
    login_as("secretariat")
    response = client.post(
        "/plan/tasks/II.2.1/edit",
        data={
            "deadline": "30/02/2027",
            "periodicity": "Hằng quý",
            "product": "Báo cáo kết quả",
            "authority": "UBND tỉnh",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Thời hạn không hợp lệ: “30/02/2027”" in page and 'value="30/02/2027"' in page
    assert 'value="Hằng quý"' in page and "Báo cáo kết quả</textarea>" in page
    ok = client.post("/plan/tasks/II.2.1/edit", data={"deadline": "31/12/2027", "periodicity": "Hằng quý"})
    assert ok.status_code == 302
    assert 'value="31/12/2027"' in client.get("/plan/tasks/II.2.1").get_data(as_text=True)
