"""Scorecard numbers on a small constructed case, and its exports."""

import csv
import io

from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Acknowledgement, Material
from portal.services import reporting
from portal.services.reporting import scorecard


def _material(version=1, title="Quán triệt Kế hoạch CCHC"):
    material = Material(title=title, status="published", version=version, audience_all=True)
    db.session.add(material)
    db.session.commit()
    return material


def test_scorecard_counts_a_small_case(open_period, submit, users):
    first = open_period(days=-5, title="Quý III")
    second = open_period(days=5, title="Quý IV")
    submit(first, task_codes=["II.1.1"], targets=[reporting.TargetInput("II.2.T1", "80")])  # late
    submit(second, task_codes=["II.1.1", "II.2.1"], targets=[reporting.TargetInput("II.2.T2", "96")])  # on time
    reporting.accept_report(next(s for s in second.slots if s.unit.code == "CB-A").id, users["secretariat"])
    m1, m2 = _material(), _material(version=2, title="Tài liệu sửa đổi")
    # CB-A has secretary + member: secretary acknowledged both (latest), member only the old version of m2
    db.session.add_all(
        [
            Acknowledgement(material_id=m1.id, user_id=users["secretary"].id, version=1),
            Acknowledgement(material_id=m2.id, user_id=users["secretary"].id, version=2),
            Acknowledgement(material_id=m1.id, user_id=users["member"].id, version=1),
            Acknowledgement(material_id=m2.id, user_id=users["member"].id, version=1),
        ]
    )
    db.session.commit()
    rows = {r.unit_code: r for r in scorecard.scorecard(users["secretariat"])}
    a, b = rows["CB-A"], rows["CB-B"]
    assert (a.reports_due, a.reports_submitted, a.reports_on_time, a.reports_accepted) == (2, 2, 1, 1)
    assert a.on_time_rate == 50.0
    assert a.tasks_with_evidence == 2  # II.1.1 and II.2.1, the repeated link counted once
    assert (a.targets_reported, a.targets_asked) == (2, 2)
    assert (a.members, a.members_acknowledged, a.ack_rate) == (2, 1, 50.0)
    assert (b.reports_due, b.reports_submitted, b.reports_on_time, b.tasks_with_evidence) == (2, 0, 0, 0)
    assert b.ack_rate == 0.0


def test_secretary_sees_own_row_and_exports_open(open_period, client, login_as):
    open_period()
    login_as("secretary")
    page = client.get("/reports/scorecard").get_data(as_text=True)
    assert "Chi bộ Hành chính - Quản trị" in page and "Chi bộ Tổng hợp" not in page
    client.post("/auth/logout")
    login_as("secretariat")
    book = load_workbook(io.BytesIO(client.get("/reports/scorecard.xlsx").data))
    rows = [[c.value for c in r] for r in book.active.iter_rows()]
    assert rows[0][:2] == ["Mã chi bộ", "Chi bộ"] and {r[1] for r in rows[1:]} == {
        "Chi bộ Hành chính - Quản trị",
        "Chi bộ Tổng hợp",
    }
    raw = client.get("/reports/scorecard.csv").data
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert parsed[0][-3:] == ["Tỷ lệ quán triệt (%)", "Kết luận kiểm tra trong năm", "Kết luận chưa khắc phục xong"]
    assert len(parsed) == 3
    assert client.get("/reports/scorecard.pdf").status_code == 404


def test_exports_write_numbers_in_vietnamese_form_and_keep_them_numbers_in_xlsx():
    import io as _io

    from openpyxl import load_workbook

    from portal.services.reporting import exports

    rows = [["Chi bộ", "Tỷ lệ đúng hạn (%)", "Số hồ sơ"], ["Chi bộ Tổng hợp", 66.7, 1250]]
    text = exports.csv_bytes(rows).decode("utf-8-sig")
    assert '"66,7"' in text and "1.250" in text and "66.7" not in text
    sheet = load_workbook(_io.BytesIO(exports.xlsx_bytes(rows, "Đánh giá"))).active
    assert sheet["B2"].value == 66.7 and sheet["B2"].number_format == "#,##0.##" and sheet["C2"].value == 1250
