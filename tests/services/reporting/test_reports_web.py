"""The reports pages and API: access per role, own-branch enforcement on web and API, exports, DOCX, panels."""

import csv
import io
import re
from datetime import timedelta

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from portal.extensions import db
from portal.services import reporting
from portal.services.reporting import findings, summary
from portal.web import today_local


def _slot(period, code):
    return next(s for s in period.slots if s.unit.code == code)


REPORT_A = """BÁO CÁO
kết quả thực hiện công tác cải cách hành chính quý IV

1. Thể chế: Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa đổi, bổ sung 03 văn bản.

2. Dịch vụ công: Tham mưu cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành chính; số hóa 92% hồ sơ.
"""


def _upload(text=REPORT_A):
    return (io.BytesIO(text.encode("utf-8")), "bao-cao-quy-iv.txt")


def test_secretary_submits_own_slot_on_the_web(open_period, client, login_as):
    period = open_period()
    login_as("secretary")
    slot = _slot(period, "CB-A")
    page = client.get(f"/reports/slots/{slot.id}")
    assert page.status_code == 200 and "Nộp báo cáo" in page.get_data(as_text=True)
    response = client.post(
        f"/reports/slots/{slot.id}/submit",
        data={"file": _upload(), "tasks": ["II.1.1"], "target_II.2.T1": "92"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(f"/reports/slots/{slot.id}").get_data(as_text=True)
    assert "Đã nộp" in page and "II.1.1" in page


def test_secretary_blocked_from_another_branch_on_the_web(open_period, client, login_as):
    period = open_period()
    login_as("secretary")
    other = _slot(period, "CB-B")
    assert client.get(f"/reports/slots/{other.id}").status_code == 403
    response = client.post(
        f"/reports/slots/{other.id}/submit", data={"file": _upload()}, content_type="multipart/form-data"
    )
    assert response.status_code == 403
    assert client.get("/reports/slots/99999").status_code == 404
    assert other.status == "chua_nop"


@pytest.mark.parametrize(
    "user,status", [("anonymous", 302), ("member", 403), ("secretary", 403), ("inspector", 403), ("secretariat", 302)]
)
def test_only_the_secretariat_accepts(open_period, submit, client, login_as, user, status):
    period = open_period()
    submit(period)
    login_as(user)
    response = client.post(f"/reports/slots/{_slot(period, 'CB-A').id}/accept")
    assert response.status_code == status
    assert _slot(period, "CB-A").status == ("da_tiep_nhan" if user == "secretariat" else "da_nop")


def test_secretariat_returns_with_comment_and_refused_step_flashes(open_period, submit, client, login_as):
    period = open_period()
    submit(period)
    slot = _slot(period, "CB-A")
    db.session.rollback()  # end the test's read transaction before the request writes
    login_as("secretariat")
    client.post(f"/reports/slots/{slot.id}/return", data={"comment": "Bổ sung minh chứng"})
    assert slot.status == "yeu_cau_bo_sung"
    response = client.post(f"/reports/slots/{slot.id}/accept", headers={"Referer": f"/reports/slots/{slot.id}"})
    assert response.status_code == 302
    page = client.get(f"/reports/slots/{slot.id}").get_data(as_text=True)
    assert "chờ đơn vị bổ sung" in page


def test_api_periods_and_status_shapes(open_period, submit, client, login_as):
    period = open_period()
    submit(period)
    login_as("secretariat")
    data = client.get("/api/v1/periods").get_json()
    row = data["periods"][0]
    assert row["id"] == period.id and row["counts"]["da_nop"] == 1 and row["counts"]["chua_nop"] == 1
    status = client.get(f"/api/v1/periods/{period.id}/status").get_json()
    assert {s["unit"] for s in status["slots"]} == {"CB-A", "CB-B"}
    a = next(s for s in status["slots"] if s["unit"] == "CB-A")
    assert a["status"] == "da_nop" and a["document_id"] and a["is_late"] is False and a["unit_name"]


def test_api_secretary_sees_own_slot_only(open_period, client, login_as):
    period = open_period()
    login_as("secretary_b")
    status = client.get(f"/api/v1/periods/{period.id}/status").get_json()
    assert [s["unit"] for s in status["slots"]] == ["CB-B"]
    assert client.get("/api/v1/periods/999/status").status_code == 404


def test_api_submission_201_and_errors(open_period, client, login_as):
    period = open_period(days=-1)
    login_as("secretary")
    response = client.post(
        f"/api/v1/periods/{period.id}/submissions",
        data={"file": _upload(), "tasks": "II.1.1,II.2.1", "target_II.2.T1": "85"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (
        body["version_no"] == 1 and body["is_late"] is True and body["status"] == "nop_muon" and body["unit"] == "CB-A"
    )
    again = client.post(
        f"/api/v1/periods/{period.id}/submissions", data={"file": _upload()}, content_type="multipart/form-data"
    )
    assert again.status_code == 409 and "chờ tiếp nhận" in again.get_json()["error"]["message"]
    other = client.post(
        f"/api/v1/periods/{period.id}/submissions",
        data={"file": _upload(), "unit": "CB-B"},
        content_type="multipart/form-data",
    )
    assert other.status_code == 403 and other.get_json()["error"]["message"]
    missing = client.post(
        "/api/v1/periods/9999/submissions", data={"file": _upload()}, content_type="multipart/form-data"
    )
    assert missing.status_code == 404


def test_api_submission_422_on_bad_value_and_missing_file(open_period, client, login_as):
    period = open_period()
    login_as("secretary")
    bad = client.post(
        f"/api/v1/periods/{period.id}/submissions",
        data={"file": _upload(), "target_II.2.T1": "nhiều"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "số" in bad.get_json()["error"]["message"]
    nofile = client.post(f"/api/v1/periods/{period.id}/submissions", data={}, content_type="multipart/form-data")
    assert nofile.status_code == 422
    assert nofile.get_json()["error"] == {
        "code": "invalid",
        "message": "Cần chọn tệp báo cáo để nộp.",
        "details": {"field": "file"},
    }
    assert _slot(period, "CB-A").status == "chua_nop"


def test_missing_report_file_is_422_on_the_web_as_in_the_api(open_period, client, login_as):
    """One rule: the same refusal (422, one message) whichever door the submission comes through."""
    period = open_period()
    login_as("secretary")
    slot = _slot(period, "CB-A")
    web = client.post(
        f"/reports/slots/{slot.id}/submit", data={"tasks": ["II.1.1"]}, content_type="multipart/form-data"
    )
    assert web.status_code == 422 and "Cần chọn tệp báo cáo để nộp." in web.get_data(as_text=True)
    api = client.post(f"/api/v1/periods/{period.id}/submissions", data={}, content_type="multipart/form-data")
    assert api.status_code == 422 and api.get_json()["error"]["message"] == "Cần chọn tệp báo cáo để nộp."
    assert _slot(period, "CB-A").status == "chua_nop"


def test_api_anonymous_gets_401(client):
    assert client.get("/api/v1/periods").status_code == 401


def test_matrix_exports_keep_vietnamese(open_period, submit, client, login_as):
    period = open_period()
    submit(period)
    login_as("secretariat")
    xlsx = client.get("/reports/monitor.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][2] == "Báo cáo quý IV năm 2026"
    assert ["CB-A", "Chi bộ Hành chính - Quản trị", "Đã nộp"] in rows
    raw = client.get("/reports/monitor.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert parsed[0][:2] == ["Mã đơn vị", "Đơn vị"] and ["CB-B", "Chi bộ Tổng hợp", "Chưa nộp"] in parsed
    assert client.get("/reports/monitor").status_code == 200


def test_summary_docx_has_the_administrative_form(open_period, submit, client, login_as, users):
    period = open_period()
    submit(period, task_codes=["II.1.1"], targets=[reporting.TargetInput("II.2.T1", "90")])
    login_as("secretariat")
    assert client.post(f"/reports/periods/{period.id}/summary/generate").status_code == 302
    page = client.get(f"/reports/periods/{period.id}/summary").get_data(as_text=True)
    assert "Lãnh đạo cải cách thể chế" in page and "rà soát 12 văn bản" in page
    docx = client.get(f"/reports/periods/{period.id}/summary.docx")
    assert docx.status_code == 200
    doc = DocxDocument(io.BytesIO(docx.data))
    texts = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "BÁO CÁO" in texts
    assert "1. Lãnh đạo cải cách thể chế" in headings and "2. Lãnh đạo cải cách thủ tục hành chính" in headings
    assert "IV. CÁC CHI BỘ CHƯA NỘP BÁO CÁO" in headings
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("ĐẢNG CỘNG SẢN VIỆT NAM") for c in cells)
    assert any("ĐẢNG ỦY VĂN PHÒNG" in c and "-BC/ĐU" in c for c in cells)
    assert any("Nơi nhận:" in c for c in cells) and any("T/M BAN THƯỜNG VỤ" in c for c in cells)
    assert any("Chi bộ Hành chính - Quản trị: 90%" in c for c in cells)
    assert any("Chi bộ Tổng hợp" in p for p in texts)  # did not report
    run = next(p for p in doc.paragraphs if p.text == "BÁO CÁO").runs[0]
    assert run.font.name == "Times New Roman" and run.font.size.pt >= 13


def test_summary_edits_are_saved_and_exported(open_period, submit, users):
    period = open_period()
    submit(period)
    report = summary.generate_draft(period.id, users["secretariat"])
    situation = next(s["body"] for s in report.sections if "Hạn nộp báo cáo" in s["body"])
    assert "](doc:" in situation and "/documents/" not in situation  # the service names the source; the web links it
    bodies = [s["body"] for s in report.sections]
    bodies[-1] = "Kết luận do bộ phận giúp việc viết lại."
    summary.update_summary(
        period.id,
        users["secretariat"],
        number="25-BC/ĐU",
        section_titles=[s["title"] for s in report.sections],
        section_bodies=bodies,
    )
    from portal.services.reporting.exports import summary_docx

    doc = DocxDocument(io.BytesIO(summary_docx(report)))
    assert "Kết luận do bộ phận giúp việc viết lại." in [p.text for p in doc.paragraphs]
    assert any(
        c.text.splitlines()[-1] == "Số 25-BC/ĐU" for t in doc.tables[:1] for row in t.rows for c in row.cells[:1]
    )
    assert doc.core_properties.author == "Đảng ủy Văn phòng UBND tỉnh Lào Cai"
    assert doc.core_properties.title.startswith("Báo cáo kết quả thực hiện Kế hoạch")


def test_summary_is_not_for_branch_secretaries(open_period, client, login_as):
    period = open_period()
    login_as("secretary")
    assert client.get(f"/reports/periods/{period.id}/summary").status_code == 403


def test_findings_and_overdue_panel(open_period, client, login_as, users, plan):
    today = today_local()
    late = findings.create_finding(
        users["inspector"],
        unit_code="CB-A",
        title="Chậm số hóa hồ sơ lưu trữ",
        found_on=today - timedelta(days=40),
        follow_up_deadline=today - timedelta(days=5),
    )
    findings.create_finding(
        users["inspector"],
        unit_code="CB-B",
        title="Chưa công khai thủ tục",
        found_on=today,
        follow_up_deadline=today + timedelta(days=30),
    )
    login_as("inspector")
    home = client.get("/").get_data(as_text=True)
    assert "Kết luận kiểm tra quá hạn khắc phục" in home and "Chậm số hóa hồ sơ lưu trữ" in home
    assert "Chưa công khai thủ tục" not in home
    assert client.get("/reports/inspection").status_code == 200
    findings.update_finding(late.id, users["inspector"], status="da_khac_phuc", resolution="Đã số hóa xong")
    assert findings.overdue_findings(today) == []


def test_branch_secretary_sees_only_own_findings(client, login_as, users):
    today = today_local()
    own = findings.create_finding(users["inspector"], unit_code="CB-A", title="Kết luận cho chi bộ A", found_on=today)
    other = findings.create_finding(users["inspector"], unit_code="CB-B", title="Kết luận cho chi bộ B", found_on=today)
    login_as("secretary")
    page = client.get("/reports/inspection").get_data(as_text=True)
    assert "Kết luận cho chi bộ A" in page and "Kết luận cho chi bộ B" not in page
    assert client.get(f"/reports/findings/{own.id}").status_code == 200
    assert client.get(f"/reports/findings/{other.id}").status_code == 403
    assert client.post("/reports/findings", data={"unit": "CB-A", "title": "Tự ghi"}).status_code == 403


def test_home_panels_per_role(open_period, submit, client, login_as, users):
    period = open_period(days=-1)
    submit(period, user="secretary_b")
    login_as("secretary")
    page = client.get("/").get_data(as_text=True)
    assert "Báo cáo định kỳ cần nộp" in page and "quá hạn" in page
    client.post("/auth/logout")
    login_as("secretariat")
    page = client.get("/").get_data(as_text=True)
    assert "Báo cáo chờ tiếp nhận" in page and "Chi bộ Tổng hợp" in page


@pytest.mark.parametrize(
    "path", ["/reports/", "/reports/monitor", "/reports/scorecard", "/reports/periods/new", "/reports/inspection"]
)
def test_pages_render_for_the_secretariat(client, login_as, open_period, path):
    open_period()
    login_as("secretariat")
    assert client.get(path).status_code == 200


def test_open_period_on_the_web(client, login_as, plan, users):
    login_as("secretariat")
    response = client.post(
        "/reports/periods/new",
        data={
            "title": "Báo cáo 6 tháng đầu năm 2027",
            "kind": "sau_thang",
            "deadline": "15/06/2027",
            "targets": ["II.2.T1"],
        },
    )
    assert response.status_code == 302
    rows = reporting.period_rows(users["secretariat"])
    assert rows[0].period.title == "Báo cáo 6 tháng đầu năm 2027" and rows[0].period.deadline.year == 2027


def test_matrix_cells_carry_their_status_in_colour_and_in_words(open_period, submit, client, login_as):
    period = open_period()
    submit(period)
    login_as("secretariat")
    page = client.get("/reports/monitor").get_data(as_text=True)
    cell = re.search(r'<td class="small status-da_nop" data-status="da_nop">(.*?)</td>', page, re.S).group(1)
    assert "Đã nộp" in cell and "— Chi bộ Hành chính - Quản trị, Báo cáo quý IV năm 2026" in cell
    assert 'class="small status-chua_nop"' in page
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    assert "--bs-table-bg: #d1f0d8" in css  # the cell colour wins over Bootstrap's table background


def test_the_note_at_submission_is_shown_on_the_slot_and_to_the_secretariat(open_period, submit, client, login_as):
    period = open_period()
    submit(period, note="Số liệu chỉ tiêu II.2.T2 tính đến 15/12")
    slot = _slot(period, "CB-A")
    login_as("secretariat")
    assert "Số liệu chỉ tiêu II.2.T2 tính đến 15/12" in client.get(f"/reports/slots/{slot.id}").get_data(as_text=True)
    page = client.get(f"/reports/periods/{period.id}").get_data(as_text=True)
    assert "Ghi chú khi nộp" in page and "Số liệu chỉ tiêu II.2.T2 tính đến 15/12" in page


def test_a_period_can_be_corrected_and_a_bad_form_keeps_what_was_typed(open_period, client, login_as, users):
    period = open_period()
    login_as("secretariat")
    bad = client.post(
        f"/reports/periods/{period.id}/edit",
        data={"title": "Báo cáo quý IV năm 2026 (sửa)", "kind": "quy", "deadline": "31/02/2027", "ends_on": ""},
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and 'value="Báo cáo quý IV năm 2026 (sửa)"' in page and 'value="31/02/2027"' in page
    assert "Hạn nộp không hợp lệ: “31/02/2027”" in page  # the one date parser's message, beside its field
    ok = client.post(
        f"/reports/periods/{period.id}/edit",
        data={"title": "Báo cáo quý IV năm 2026 (sửa)", "kind": "quy", "deadline": "05/01/2027"},
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert period.title == "Báo cáo quý IV năm 2026 (sửa)" and period.deadline.isoformat() == "2027-01-05"
    missing = client.post("/reports/periods/new", data={"title": "", "kind": "quy", "deadline": "", "units": ["CB-B"]})
    page = missing.get_data(as_text=True)
    assert missing.status_code == 400 and "Cần nhập tên đợt báo cáo." in page and "Cần nhập hạn nộp" in page
    assert 'value="CB-B" id="u-CB-B" checked' in page and 'value="CB-A" id="u-CB-A" >' in page


def test_a_finding_form_with_an_error_keeps_what_was_typed(client, login_as, plan):
    login_as("inspector")
    response = client.post(
        "/reports/findings",
        data={"unit": "CB-B", "title": "", "content": "Chậm số hóa hồ sơ lưu trữ", "follow_up_deadline": "32/13/2026"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Cần nhập tiêu đề kết luận." in page and "Hạn khắc phục không hợp lệ: “32/13/2026”" in page
    assert "Chậm số hóa hồ sơ lưu trữ</textarea>" in page and 'value="32/13/2026"' in page
    assert '<option selected value="CB-B">' in page
    ok = client.post(
        "/reports/findings",
        data={"unit": "CB-B", "title": "Chậm số hóa", "found_on": "01/12/2026", "follow_up_deadline": "31/12/2026"},
    )
    assert ok.status_code == 302
    finding = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert "31/12/2026" in finding and "01/12/2026" in finding


def test_the_task_filter_matches_without_diacritics(open_period, client, login_as):
    period = open_period()
    login_as("secretary")
    page = client.get(f"/reports/slots/{_slot(period, 'CB-A').id}").get_data(as_text=True)
    assert 'data-filter-text="ii.2.1 cung cap dich vu cong truc tuyen toan trinh, so hoa ho so' in page
    script = client.get("/static/js/reports.js").get_data(as_text=True)
    assert 'normalize("NFD")' in script and "[đĐ]" in script
