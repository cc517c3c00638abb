"""The audit log in words: Vietnamese actions and objects, before/after lists, a date range in Vietnam time, exports."""

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from portal.clock import frozen
from portal.extensions import db
from portal.services import audit


def _event(action, when, users, **kwargs):
    with frozen(when):
        audit.record(action, user=users["admin"], **kwargs)
        db.session.commit()


def test_actions_objects_and_changes_read_as_words(client, login_as, users, make_document):
    doc = make_document("Chỉ thị số 21-CT/TU của Tỉnh ủy.", number="21-CT/TU")
    _event(
        "document.update",
        datetime(2026, 12, 1, 17, 30),  # 00:30 on 02/12 in Vietnam
        users,
        object_type="documents",
        object_id=doc.id,
        summary="Sửa thông tin văn bản",
        before={"title": "Chỉ thị cũ", "secrecy": "thuong", "is_active": True},
        after={"title": "Chỉ thị mới", "secrecy": "thuong", "is_active": False},
    )
    login_as("admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    table = page[page.index('id="bang-nhat-ky"') :]
    row = table[: table.index("</tr>", table.index("Chỉ thị mới"))]
    assert "Đăng nhập" in table and "auth.login" not in table
    assert "văn bản 21-CT/TU" in row and "documents " not in row
    assert "02/12/2026 00:30" in row
    assert "<dt>Trích yếu / tiêu đề</dt>" in row and "Chỉ thị cũ</span> → Chỉ thị mới" in row
    assert "<dt>Đang hoạt động</dt>" in row and "Có</span> → Không" in row
    assert "Độ mật" not in row  # unchanged fields are not listed
    assert '{"' not in row  # no raw JSON


def test_the_date_range_is_in_vietnam_time_and_bad_dates_are_a_message(client, login_as, users):
    _event("reports.remind", datetime(2026, 11, 30, 18, 0), users, summary="Nhắc lúc 01:00 ngày 01/12")
    _event("reports.remind", datetime(2026, 11, 30, 16, 0), users, summary="Nhắc lúc 23:00 ngày 30/11")
    login_as("admin")
    page = client.get("/admin/audit?date_from=01/12/2026&date_to=01/12/2026").get_data(as_text=True)
    assert "Nhắc lúc 01:00 ngày 01/12" in page and "Nhắc lúc 23:00 ngày 30/11" not in page
    assert 'value="01/12/2026"' in page  # the filter keeps what was typed
    assert 'type="date"' not in page and 'data-datepicker=""' in page  # dd/mm/yyyy, never the browser's picker
    bad = client.get("/admin/audit?date_from=31/02/2026")
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.get_data(as_text=True)


def test_the_log_exports_to_xlsx_and_csv_in_words(client, login_as, users):
    _event("reports.remind", datetime(2026, 11, 30, 18, 0), users, summary="Nhắc các chi bộ")
    login_as("admin")
    book = load_workbook(io.BytesIO(client.get("/admin/audit.xlsx?action=reports.remind").data))
    rows = [[c.value for c in r] for r in book.active.iter_rows()]
    assert rows[0][:4] == ["Thời điểm", "Người thực hiện", "Địa chỉ", "Hành động"]
    assert rows[1][0] == "01/12/2026 01:00" and rows[1][3] == "Nhắc nộp báo cáo" and len(rows) == 2
    text = client.get("/admin/audit.csv").data.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][3] == "Hành động" and any(r[3] == "Đăng nhập" for r in parsed[1:])
    assert client.get("/admin/audit.pdf").status_code == 404


def test_a_unit_can_be_renamed_and_the_change_is_logged_in_words(client, login_as):
    login_as("admin")
    page = client.get("/admin/units/CB-A/edit").get_data(as_text=True)
    assert 'value="Chi bộ Hành chính - Quản trị"' in page
    bad = client.post("/admin/units/CB-A/edit", data={"name": "", "kind": "branch", "is_active": "y"})
    assert bad.status_code == 400 and "Vui lòng nhập tên." in bad.get_data(as_text=True)
    ok = client.post(
        "/admin/units/CB-A/edit",
        data={"name": "Chi bộ Văn phòng - Hành chính", "kind": "branch", "parent": "", "is_active": "y"},
    )
    assert ok.status_code == 302
    assert "Chi bộ Văn phòng - Hành chính" in client.get("/admin/units").get_data(as_text=True)
    log = client.get("/admin/audit?action=unit.update").get_data(as_text=True)
    assert "Sửa đơn vị" in log and "Chi bộ Hành chính - Quản trị</span> → Chi bộ Văn phòng - Hành chính" in log
