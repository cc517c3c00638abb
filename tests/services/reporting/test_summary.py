"""The summary report built from facts: hand-written reports in, a hand-written expected summary out.

The expected sections below were written by hand from the rules (what a branch reported on comes from its links and
target values; quotes come from the body, chosen among the report's paragraphs about the task; counts are computed;
phrases follow the data). Both flows a branch secretary has, the web form and the API, must give this summary.
"""

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.clock import frozen
from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.models import PeriodUnit, Unit
from portal.services import reporting
from portal.services.reporting import summary
from portal.services.reporting.summary_draft import MaterialFact, acknowledgement_phrase

REPORT_HCQT = """ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
CHI BỘ HÀNH CHÍNH - QUẢN TRỊ
*
Số 07-BC/CB

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 20 tháng 12 năm 2026

BÁO CÁO
kết quả thực hiện công tác cải cách hành chính quý IV năm 2026

Chi bộ Hành chính - Quản trị báo cáo kết quả thực hiện như sau:

1. Thể chế: Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa
đổi, bổ sung 03 văn bản.

- 2 -

2. Thủ tục hành chính: Tham mưu cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành chính; số hóa
92% hồ sơ, kết quả giải quyết thủ tục hành chính.

Trên đây là báo cáo kết quả thực hiện quý IV năm 2026 của Chi bộ Hành chính - Quản trị.
Nơi nhận:
- Đảng ủy Văn phòng,
- Lưu Chi bộ.
T/M CHI BỘ
BÍ THƯ
Nguyễn Văn An
"""

REPORT_TH = """ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
CHI BỘ TỔNG HỢP
*
Số 11-BC/CB
ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 21 tháng 12 năm 2026

BÁO CÁO
kết quả thực hiện công tác cải cách hành chính quý IV năm 2026

Thực hiện Kế hoạch của Đảng ủy, Chi bộ Tổng hợp báo cáo như sau:

- Phối hợp vận hành Cổng dịch vụ công của tỉnh, cung cấp trực tuyến toàn trình 100% thủ tục hành chính đủ điều
kiện thuộc lĩnh vực được giao.
- Công tác phát triển đảng viên: kết nạp 01 đảng viên mới trong quý.
T/M CHI BỘ
BÍ THƯ
Trần Thị Bình
"""

A = "[Báo cáo số 07-BC/CB](doc:A)"
B = "[Báo cáo số 11-BC/CB](doc:B)"
EXPECTED = {
    "mo_dau": (
        "Thực hiện Kế hoạch số 12-KH/ĐU của Ban Thường vụ Đảng ủy Văn phòng UBND tỉnh về lãnh đạo thực hiện công tác "
        "cải cách hành chính giai đoạn 2026-2030; trên cơ sở báo cáo của 2/3 chi bộ trực thuộc, Đảng ủy Văn phòng báo "
        "cáo kết quả thực hiện quý IV năm 2026 như sau:"
    ),
    "tinh_hinh": (
        "Hạn nộp báo cáo: ngày 31/12/2026. Có 2/3 chi bộ đã nộp báo cáo (2 đúng hạn, 0 nộp muộn); 0 báo cáo đã được "
        "tiếp nhận, 0 báo cáo được đề nghị bổ sung; 1 chi bộ chưa nộp.\n"
        f"- Chi bộ Hành chính - Quản trị: {A}, nộp ngày 21/12/2026; đã nộp, chờ tiếp nhận.\n"
        f"- Chi bộ Tổng hợp: {B}, nộp ngày 21/12/2026; đã nộp, chờ tiếp nhận."
    ),
    "ket_qua": "Báo cáo của các chi bộ đề cập 3/3 nhiệm vụ của Kế hoạch.",
    "area:II.1": (
        "Nhiệm vụ II.1.1: Rà soát, hệ thống hóa văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa đổi, "
        "bổ sung\n"
        "- Chi bộ Hành chính - Quản trị: “Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban "
        f"hành, kiến nghị sửa đổi, bổ sung 03 văn bản.” ({A})\n"
        "\n"
        "Nhiệm vụ II.1.2: Lấy ý kiến đối tượng chịu tác động của dự thảo văn bản quy phạm pháp luật\n"
        f"- Chi bộ Hành chính - Quản trị có báo cáo về nhiệm vụ này ({A})."
    ),
    "area:II.2": (
        "Nhiệm vụ II.2.1: Cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ, kết quả giải quyết thủ tục hành "
        "chính\n"
        "- Chi bộ Hành chính - Quản trị: “Tham mưu cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành "
        f"chính; số hóa 92% hồ sơ, kết quả giải quyết thủ tục hành chính.” ({A})\n"
        "- Chi bộ Tổng hợp: “Phối hợp vận hành Cổng dịch vụ công của tỉnh, cung cấp trực tuyến toàn trình 100% thủ tục "
        f"hành chính đủ điều kiện thuộc lĩnh vực được giao.” ({B})\n"
        "\n"
        "Chỉ tiêu II.2.T1: 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình\n"
        f"- Chi bộ Tổng hợp: 100% ({B})\n"
        "\n"
        "Chỉ tiêu II.2.T2: 95% hồ sơ hành chính được xử lý hoàn toàn trên môi trường mạng\n"
        f"- Chi bộ Hành chính - Quản trị: 87,5% ({A})"
    ),
    "chi_tieu": (
        "Có 2/2 chỉ tiêu được các chi bộ báo cáo số liệu; so với mục tiêu đến năm 2030, 1 chỉ tiêu đạt, 1 chỉ tiêu chưa "
        "đạt (tính theo bình quân số liệu các chi bộ báo cáo)."
    ),
    "chua_nop": (
        "- Chi bộ Kiểm soát thủ tục hành chính\n\n"
        "Đề nghị các chi bộ nêu trên khẩn trương hoàn thành, gửi báo cáo về Đảng ủy Văn phòng."
    ),
}
EXPECTED_TABLE = [
    ["Mã", "Chỉ tiêu", "Mục tiêu đến năm 2030", "Kết quả các chi bộ báo cáo", "Đánh giá"],
    [
        "II.2.T1",
        "100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình",
        "100%",
        "Chi bộ Tổng hợp: 100%",
        "Bình quân 100%; đạt mục tiêu 2030",
    ],
    [
        "II.2.T2",
        "95% hồ sơ hành chính được xử lý hoàn toàn trên môi trường mạng",
        "95%",
        "Chi bộ Hành chính - Quản trị: 87,5%",
        "Bình quân 87,5%; chưa đạt mục tiêu 2030",
    ],
]
EXPECTED_CONCLUSION_START = (
    "[Bộ phận giúp việc viết đánh giá: việc nghiên cứu, quán triệt Kế hoạch (chưa có tài liệu quán triệt nào)]\n\n"
    "2/3 chi bộ báo cáo kết quả, đề cập 3/3 nhiệm vụ của Kế hoạch. Tuy nhiên, còn 1 chi bộ chưa nộp báo cáo. Theo số "
    "liệu báo cáo, 1 chỉ tiêu đạt, 1 chỉ tiêu chưa đạt mục tiêu đến năm 2030.\n\n"
    "[Bộ phận giúp việc viết đánh giá: kết quả nổi bật, hạn chế và nguyên nhân]"
)
DAY = datetime(2026, 12, 21, 2, 0)  # 09:00 in Lào Cai


@pytest.fixture
def third_branch(app):
    db.session.add(Unit(code="CB-C", name="Chi bộ Kiểm soát thủ tục hành chính", kind="branch"))
    db.session.commit()


@pytest.fixture
def period(third_branch, users, plan):
    from datetime import date

    with frozen(DAY):
        return reporting.open_period(
            users["secretariat"],
            title="Báo cáo quý IV năm 2026",
            kind="quy",
            deadline=date(2026, 12, 31),
            target_codes=["II.2.T1", "II.2.T2"],
        )


def _slot(period, unit_code):
    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
    return db.session.scalar(select(PeriodUnit).where(PeriodUnit.period_id == period.id, PeriodUnit.unit_id == unit.id))


def _switch(client, login_as, username):
    """Sign out whoever is signed in, then sign in as `username`."""
    client.post("/auth/logout")
    login_as(username)


def _file(text):
    return (io.BytesIO(text.encode("utf-8")), "bao-cao-quy-iv.txt")


def _web_flow(client, login_as, period):
    """As on the site: submit with some tasks ticked and the values, then tick a suggested task on the slot page."""
    login_as("secretary")
    slot = _slot(period, "CB-A")
    response = client.post(
        f"/reports/slots/{slot.id}/submit",
        data={
            "file": _file(REPORT_HCQT),
            "tasks": ["II.1.1", "II.2.1"],
            "target_II.2.T2": "87,5",
            "note": "Gửi kèm số liệu",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.post(f"/reports/slots/{slot.id}/links", data={"tasks": ["II.1.2"]}).status_code == 302
    _switch(client, login_as, "secretary_b")
    slot_b = _slot(period, "CB-B")
    response = client.post(
        f"/reports/slots/{slot_b.id}/submit",
        data={"file": _file(REPORT_TH), "tasks": ["II.2.1"], "target_II.2.T1": "100"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


def _api_flow(client, login_as, period):
    """As a script would: one multipart request per branch."""
    login_as("secretary")
    response = client.post(
        f"/api/v1/periods/{period.id}/submissions",
        data={
            "file": _file(REPORT_HCQT),
            "tasks": "II.1.1,II.1.2,II.2.1",
            "target_II.2.T2": "87.5",
            "note": "Gửi kèm số liệu",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    _switch(client, login_as, "secretary_b")
    response = client.post(
        f"/api/v1/periods/{period.id}/submissions",
        data={"file": _file(REPORT_TH), "tasks": "II.2.1", "target_II.2.T1": "100 %"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()


def _generated(client, login_as, period):
    _switch(client, login_as, "secretariat")
    assert client.post(f"/reports/periods/{period.id}/summary/generate").status_code == 302
    _period, report = summary.get_summary(period.id, _user("secretariat"))
    ids = {s.unit.code: s.submissions[-1].document_id for s in _period.slots if s.submissions}
    names = {str(ids["CB-A"]): "A", str(ids["CB-B"]): "B"}
    sections = {}
    for s in report.sections:
        sections[s["key"]] = {**s, "body": re.sub(r"doc:(\d+)", lambda m: "doc:" + names[m.group(1)], s["body"])}
    return report, sections


def _user(name):
    from portal.models import User

    return db.session.scalar(select(User).where(User.username == name))


@pytest.mark.parametrize("flow", [_web_flow, _api_flow], ids=["web", "api"])
def test_the_summary_matches_the_hand_written_expectation(flow, period, client, login_as):
    with frozen(DAY):
        flow(client, login_as, period)
        report, sections = _generated(client, login_as, period)
    for key, body in EXPECTED.items():
        assert sections[key]["body"] == body, key
    assert sections["chi_tieu"]["table"] == EXPECTED_TABLE
    assert sections["ket_luan"]["body"].startswith(EXPECTED_CONCLUSION_START)
    assert "cơ bản đã quán triệt" not in report.body
    assert report.title == "kết quả thực hiện Kế hoạch lãnh đạo thực hiện công tác cải cách hành chính quý IV năm 2026"


def test_quotes_never_carry_the_header_signature_or_page_furniture(period, client, login_as):
    with frozen(DAY):
        _api_flow(client, login_as, period)
        report, _sections = _generated(client, login_as, period)
    quotes = re.findall(r"“([^”]*)”", report.body)
    assert len(quotes) == 3
    for quote in quotes:
        for furniture in ("T/M", "BÍ THƯ", "Nơi nhận", "Lưu Chi bộ", "Số 07", "ĐẢNG CỘNG SẢN", "Trên đây", "- 2 -"):
            assert furniture not in quote
    assert "phát triển đảng viên" not in report.body  # a paragraph about no linked task is not quoted


def test_sources_panel_and_the_note_at_submission(period, client, login_as):
    with frozen(DAY):
        _web_flow(client, login_as, period)
        _generated(client, login_as, period)
    page = client.get(f"/reports/periods/{period.id}/summary").get_data(as_text=True)
    panel = page[page.index('id="nguon"') :]
    assert "Ghi chú khi nộp:</span> Gửi kèm số liệu" in panel
    assert "Đề cập 3 nhiệm vụ (II.1.1, II.1.2, II.2.1); 1 chỉ tiêu có số liệu." in panel
    assert "Chi bộ Kiểm soát thủ tục hành chính" in panel and "chưa nộp báo cáo" in panel
    assert "1. Lãnh đạo cải cách thể chế" in panel  # which section the report fed
    body = page[page.index('id="ban-doc"') : page.index('id="nguon"')]
    assert re.search(r'<a href="/documents/\d+" class="summary-source">Báo cáo số 07-BC/CB</a>', body)
    assert page.count("Báo cáo tổng hợp quý IV năm 2026") >= 1 and "Báo cáo tổng hợp — Báo cáo" not in page


def test_regenerating_keeps_the_secretariats_edits_and_proposes_new_material(period, client, login_as, users):
    with frozen(DAY):
        login_as("secretary")
        client.post(
            f"/api/v1/periods/{period.id}/submissions",
            data={"file": _file(REPORT_HCQT), "tasks": "II.1.1,II.2.1", "target_II.2.T2": "87,5"},
            content_type="multipart/form-data",
        )
        report = summary.generate_draft(period.id, users["secretariat"])
        keys = [s["key"] for s in report.sections]
        bodies = [s["body"] for s in report.sections]
        area = keys.index("area:II.2")
        bodies[area] = "Đoạn do bộ phận giúp việc viết về thủ tục hành chính."
        summary.update_summary(
            period.id, users["secretariat"], section_titles=[s["title"] for s in report.sections], section_bodies=bodies
        )
        _switch(client, login_as, "secretary_b")
        client.post(
            f"/api/v1/periods/{period.id}/submissions",
            data={"file": _file(REPORT_TH), "tasks": "II.2.1", "target_II.2.T1": "100"},
            content_type="multipart/form-data",
        )
        report = summary.generate_draft(period.id, users["secretariat"])
    sections = {s["key"]: s for s in report.sections}
    assert sections["area:II.2"]["body"] == "Đoạn do bộ phận giúp việc viết về thủ tục hành chính."
    assert "Chi bộ Tổng hợp" in sections["area:II.2"]["proposed"]  # the new report, proposed beside the edit
    assert "2/3 chi bộ" in sections["mo_dau"]["body"]  # an untouched section follows the facts
    assert any("nội dung mới đề xuất" in b for b in summary.blockers(report))
    # taking the proposal replaces the edit; the section is then the generated one again
    index = [s["key"] for s in report.sections].index("area:II.2")
    summary.update_summary(
        period.id,
        users["secretariat"],
        section_titles=[s["title"] for s in report.sections],
        section_bodies=[s["body"] for s in report.sections],
        proposals={index: "accept"},
    )
    taken = {s["key"]: s for s in summary.get_summary(period.id, users["secretariat"])[1].sections}["area:II.2"]
    assert "Chi bộ Tổng hợp" in taken["body"] and "proposed" not in taken


def test_a_frozen_report_stays_as_sent(period, client, login_as, users):
    with frozen(DAY):
        _api_flow(client, login_as, period)
        report = summary.generate_draft(period.id, users["secretariat"])
        with pytest.raises(ValidationFailed, match="cần viết"):
            summary.freeze_summary(period.id, users["secretariat"])
        bodies = [
            re.sub(r"\[Bộ phận giúp việc viết[^\]]*\]", "Đánh giá của bộ phận giúp việc.", s["body"])
            for s in report.sections
        ]
        summary.update_summary(
            period.id,
            users["secretariat"],
            number="25-BC/ĐU",
            signer_name="Nguyễn Thanh Tú",
            section_titles=[s["title"] for s in report.sections],
            section_bodies=bodies,
        )
        _switch(client, login_as, "secretariat")
        assert client.post(f"/reports/periods/{period.id}/summary/send").status_code == 302
        sent = client.get(f"/reports/periods/{period.id}/summary.docx").data
    report = summary.get_summary(period.id, users["secretariat"])[1]
    assert report.sent_at is not None
    body = report.body
    with pytest.raises(Conflict):
        summary.generate_draft(period.id, users["secretariat"])
    with pytest.raises(Conflict):
        summary.update_summary(period.id, users["secretariat"], title="Sửa sau khi gửi")
    assert client.post(f"/reports/periods/{period.id}/summary", data={"title": "x"}).status_code == 409
    assert summary.get_summary(period.id, users["secretariat"])[1].body == body
    from docx import Document as DocxDocument

    doc = DocxDocument(io.BytesIO(sent))
    assert "Đánh giá của bộ phận giúp việc." in [p.text for p in doc.paragraphs]
    assert not any("[Bộ phận giúp việc" in p.text for p in doc.paragraphs)


def test_the_summary_exports_its_targets_and_branch_status_to_xlsx(period, client, login_as):
    with frozen(DAY):
        _api_flow(client, login_as, period)
        _generated(client, login_as, period)
    response = client.get(f"/reports/periods/{period.id}/summary.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    targets, status = book["Chỉ tiêu"], book["Tình hình nộp báo cáo"]
    header = [c.value for c in targets[1]]
    assert header[:4] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu đến năm 2030"]
    row = list(targets[3])
    assert row[0].value == "II.2.T2" and row[3].value == 95
    value = row[header.index("Chi bộ Hành chính - Quản trị")]
    assert value.value == 87.5 and isinstance(value.value, float) and value.number_format == "#,##0.##"
    assert row[-1].value == "Chưa đạt"
    rows = [[c.value for c in r] for r in status.iter_rows(min_row=2)]
    assert rows[0][:3] == ["CB-A", "Chi bộ Hành chính - Quản trị", "Đã nộp"] and rows[0][-1] == "Gửi kèm số liệu"
    assert rows[0][6] == 3 and status.cell(row=2, column=4).number_format == "dd/mm/yyyy"
    assert rows[2][:3] == ["CB-C", "Chi bộ Kiểm soát thủ tục hành chính", "Chưa nộp"]


@pytest.mark.parametrize(
    ("materials", "expected"),
    [
        ([MaterialFact("Chỉ thị 21", 3, 13), MaterialFact("Kế hoạch 83", 0, 13)], "chưa đạt yêu cầu"),
        ([MaterialFact("Chỉ thị 21", 11, 13), MaterialFact("Kế hoạch 83", 12, 13)], "cơ bản đã quán triệt"),
        ([MaterialFact("Chỉ thị 21", 13, 13)], "quán triệt đầy đủ"),
        ([], "[Bộ phận giúp việc viết đánh giá"),
    ],
)
def test_the_acknowledgement_phrase_follows_the_rates(materials, expected):
    phrase = acknowledgement_phrase(materials)
    assert expected in phrase
    if materials and expected == "chưa đạt yêu cầu":
        assert "“Chỉ thị 21” 23% (3/13)" in phrase and "“Kế hoạch 83” 0% (0/13)" in phrase
        assert "cơ bản" not in phrase
